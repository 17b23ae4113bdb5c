package dev.bayan.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;

/** The feed's meters: connected clients, and events dropped for clients that read too slowly. */
final class FeedMetrics {
  private final Counter dropped;

  FeedMetrics(MeterRegistry registry, IntSupplier clients) {
    this.dropped = Counter.builder("bayan.feed.dropped")
        .description("feed events dropped because a client read slower than they came").register(registry);
    Gauge.builder("bayan.feed.clients", clients::getAsInt).description("connected feed clients").register(registry);
  }

  void dropped() {
    dropped.increment();
  }
}
