package dev.bayan.admin;

import dev.bayan.decide.Feedback;
import dev.bayan.embed.EmbedMetrics;
import dev.bayan.match.MatchMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /admin/stats}: one picture of the gateway, assembled from the stages' own meters
 * (queue gauges, batch summaries), the decision counts, the store and the backfill.
 */
public final class StatsReport {
  private final String modelId;
  private final DecisionCounts decisions;
  private final MeterRegistry registry;
  private final EmbedMetrics embed;
  private final MatchMetrics match;
  private final StoreTasks store;
  private final BackfillJob backfill;
  private final Feedback feedback;
  private final long startedAt = System.currentTimeMillis();

  public StatsReport(String modelId, DecisionCounts decisions, MeterRegistry registry, EmbedMetrics embed,
                     MatchMetrics match, StoreTasks store, BackfillJob backfill, Feedback feedback) {
    this.modelId = modelId;
    this.decisions = decisions;
    this.registry = registry;
    this.embed = embed;
    this.match = match;
    this.store = store;
    this.backfill = backfill;
    this.feedback = feedback;
  }

  public Future<JsonObject> stats() {
    return store.stats().map(s -> new JsonObject()
        .put("model", modelId)
        .put("uptimeSeconds", (System.currentTimeMillis() - startedAt) / 1000)
        .put("posts", new JsonObject().put("total", s.vectors()).put("perSpace", AdminJson.perSpace(s)))
        .put("decisions", new JsonObject()
            .put("lastMinute", AdminJson.counts(decisions.last(60)))
            .put("lastHour", AdminJson.counts(decisions.last(DecisionCounts.HOUR)))
            .put("total", AdminJson.counts(decisions.total())))
        .put("queues", new JsonObject()
            .put("embed", gauge("bayan.queue.depth", "embed"))
            .put("match", gauge("bayan.queue.depth", "match"))
            .put("pending", pending()))
        .put("batches", new JsonObject()
            .put("embed", batch(embed.lastBatchSize(), embed.meanBatchSize()))
            .put("search", batch(match.lastSearchBatch(), match.meanSearchBatch())))
        .put("store", AdminJson.store(s, pending()))
        .put("feedback", new JsonObject().put("dismissedPairs", feedback.dismissedPairs()))
        .put("backfill", AdminJson.backfill(backfill.current().snapshot())));
  }

  /** Accepted posts the store may not show yet (the match stage's buffer). */
  public long pending() {
    Gauge g = registry.find("bayan.match.recent").gauge();
    return g == null ? 0 : (long) g.value();
  }

  private long gauge(String name, String stage) {
    Gauge g = registry.find(name).tag("stage", stage).gauge();
    return g == null ? 0 : (long) g.value();
  }

  private static JsonObject batch(int last, double mean) {
    return new JsonObject().put("last", last).put("mean", Math.round(mean * 100) / 100.0);
  }
}
