package dev.bayan.match;

import dev.bayan.ingest.CheckMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** The match stage's meters: coalesced search sizes and times, group-commit sizes and times. */
public final class MatchMetrics {
  private final MeterRegistry registry;
  private final DistributionSummary searchBatch;
  private final Timer search;
  private final DistributionSummary commitBatch;
  private final Timer commit;
  private final Timer decide;
  private volatile int lastSearchBatch;

  public MatchMetrics(MeterRegistry registry, String storeKind) {
    this.registry = registry;
    this.searchBatch = DistributionSummary.builder("bayan.search.batch.size").tag("store", storeKind)
        .description("queries per coalesced store search")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
    this.search = Timer.builder("bayan.search.seconds").tag("store", storeKind)
        .description("store search time per coalesced batch").publishPercentileHistogram().register(registry);
    this.commitBatch = DistributionSummary.builder("bayan.commit.batch.size").tag("store", storeKind)
        .description("posts per group commit").register(registry);
    this.commit = Timer.builder("bayan.commit.seconds").tag("store", storeKind)
        .description("durable upsert time per group commit").publishPercentileHistogram().register(registry);
    this.decide = Timer.builder(CheckMetrics.STAGE_TIMER).tag("stage", "decide")
        .description(CheckMetrics.STAGE_DESCRIPTION).publishPercentileHistogram().register(registry);
  }

  void searched(int queries, long nanos) {
    lastSearchBatch = queries;
    searchBatch.record(queries);
    search.record(nanos, TimeUnit.NANOSECONDS);
  }

  void committed(int posts, long nanos) {
    commitBatch.record(posts);
    commit.record(nanos, TimeUnit.NANOSECONDS);
  }

  void decided(long nanos) {
    decide.record(nanos, TimeUnit.NANOSECONDS);
  }

  void gauges(IntSupplier queueDepth, IntSupplier recent) {
    Gauge.builder("bayan.queue.depth", queueDepth::getAsInt).tag("stage", "match").register(registry);
    Gauge.builder("bayan.match.recent", recent::getAsInt)
        .description("accepted posts not yet visible in the store").register(registry);
  }

  public double meanSearchBatch() {
    return searchBatch.mean();
  }

  /** Queries in the most recent coalesced search (admin stats). */
  public int lastSearchBatch() {
    return lastSearchBatch;
  }
}
