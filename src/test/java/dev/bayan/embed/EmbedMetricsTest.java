package dev.bayan.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class EmbedMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EmbedMetrics metrics = new EmbedMetrics(registry);

  @Test
  void theQueueGaugeFollowsTheBatcherDeployedLast() {
    metrics.queue(() -> 5);
    metrics.queue(() -> 7); // a redeployed batcher

    assertThat(registry.get("bayan.queue.depth").tag("stage", "embed").gauge().value()).isEqualTo(7.0);
  }
}
