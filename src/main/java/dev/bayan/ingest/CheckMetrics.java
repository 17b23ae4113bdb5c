package dev.bayan.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Checks as a whole: how many ended in each decision ({@code bayan.checks}, tag {@code outcome};
 * {@code error} for failed checks; dry runs are not counted) and the time each check spent per
 * stage ({@code bayan.stage.seconds}, tag {@code stage}; the match stage adds {@code decide}).
 */
public final class CheckMetrics {
  /** Shared with MatchMetrics, which registers the decide stage under the same name. */
  public static final String STAGE_TIMER = "bayan.stage.seconds";
  public static final String STAGE_DESCRIPTION = "time per check spent in each stage";

  private enum Stage { DECODE, EMBED, SEARCH }

  private final MeterRegistry registry;
  private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);
  private final Counter errors;

  public CheckMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Stage stage : Stage.values()) {
      stages.put(stage, Timer.builder(STAGE_TIMER).tag("stage", stage.name().toLowerCase(java.util.Locale.ROOT))
          .description(STAGE_DESCRIPTION).publishPercentileHistogram().register(registry));
    }
    for (String outcome : new String[] {"accept", "review", "reject"}) checks(outcome);
    this.errors = checks("error");
  }

  private Counter checks(String outcome) {
    return Counter.builder("bayan.checks").tag("outcome", outcome).description("checks by decision")
        .register(registry);
  }

  void completed(CheckResult r) {
    stages.get(Stage.DECODE).record(r.decodeNanos(), TimeUnit.NANOSECONDS);
    stages.get(Stage.EMBED).record(r.embedNanos(), TimeUnit.NANOSECONDS);
    stages.get(Stage.SEARCH).record(r.searchNanos(), TimeUnit.NANOSECONDS);
    if (!r.request().dryRun()) checks(r.decision().outcome().label()).increment();
  }

  void failed() {
    errors.increment();
  }
}
