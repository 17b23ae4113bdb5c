package dev.bayan.publish;

import dev.bayan.bus.KafkaClients;
import dev.bayan.config.KafkaConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces the decisions of HTTP checks to the decisions and flags topics. Kafka-origin decisions
 * are produced by the ingest verticle itself, before it commits their offsets. The HTTP caller
 * already has its answer, so a failed send is counted and logged, not retried.
 */
public final class KafkaPublisherVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisherVerticle.class);

  private final KafkaConfig cfg;
  private final Counter failed;
  private KafkaProducer<String, Buffer> producer;
  private DecisionProducer decisions;

  public KafkaPublisherVerticle(KafkaConfig cfg, MeterRegistry registry) {
    this.cfg = cfg;
    this.failed = Counter.builder("bayan.kafka.publish.failed")
        .description("decisions of HTTP checks that could not be produced to Kafka").register(registry);
  }

  @Override
  public Future<?> start() {
    producer = KafkaClients.producer(vertx, cfg, "bayan-publisher");
    decisions = new DecisionProducer(producer, cfg);
    return vertx.eventBus().<DecisionEvent>localConsumer(DecisionEvent.ADDRESS, message -> {
      DecisionEvent event = message.body();
      if (!"http".equals(event.origin())) return;
      if (producer.writeQueueFull()) { // Kafka is slow or away: drop rather than queue without bound
        failed.increment();
        return;
      }
      decisions.send(event).onFailure(e -> {
        failed.increment();
        LOG.warn("decision of post {} not produced to Kafka: {}", event.postId(), e.toString());
      });
    }).completion();
  }

  @Override
  public Future<?> stop() {
    return producer == null ? Future.succeededFuture() : KafkaClients.close(producer, cfg.closeTimeoutMs());
  }
}
