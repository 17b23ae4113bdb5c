package dev.bayan.publish;

import dev.bayan.bus.KafkaClients;
import dev.bayan.config.KafkaConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link FeedHub}. Without Kafka, from this instance's own decisions on the event bus.
 * With Kafka, from the flags topic only, in a consumer group of its own (so every instance's feed
 * shows the flags of all instances), and never from the event bus too (which would show this
 * instance's flags twice).
 */
public final class FeedVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(FeedVerticle.class);
  /** How long start waits for the flags partitions before going on without them. */
  private static final long ASSIGNMENT_WAIT_MS = 20_000;

  private final KafkaConfig kafka;
  private final FeedHub hub;
  private final String instance;
  private KafkaConsumer<String, Buffer> consumer;

  public FeedVerticle(KafkaConfig kafka, FeedHub hub, String instance) {
    this.kafka = kafka;
    this.hub = hub;
    this.instance = instance;
  }

  @Override
  public Future<?> start() {
    if (!kafka.enabled()) {
      return vertx.eventBus().<DecisionEvent>localConsumer(DecisionEvent.ADDRESS, m -> {
        if (m.body().decision().outcome().flagged()) hub.publish(m.body());
      }).completion();
    }
    // A group per instance that starts at the end: a feed shows what is flagged from now on.
    consumer = KafkaClients.consumer(vertx, kafka, kafka.groupId() + "-feed-" + instance, "latest", 500);
    Promise<Void> assigned = Promise.promise();
    consumer.partitionsAssignedHandler(partitions -> assigned.tryComplete());
    consumer.exceptionHandler(e -> LOG.warn("flags consumer: {}", e.toString()));
    consumer.handler(record -> {
      try {
        DecisionEvent event = DecisionJson.decode(new JsonObject(record.value()));
        if (event.decision().outcome().flagged()) hub.publish(event);
      } catch (RuntimeException e) {
        LOG.warn("skipping a flags record that is not a decision ({}@{}): {}", record.partition(), record.offset(),
            e.toString());
      }
    });
    long timer = vertx.setTimer(ASSIGNMENT_WAIT_MS, id -> {
      if (assigned.tryComplete()) LOG.warn("no partitions of {} assigned yet; the feed starts without them",
          kafka.flagsTopic());
    });
    return consumer.subscribe(kafka.flagsTopic()).compose(v -> assigned.future())
        .andThen(ar -> vertx.cancelTimer(timer));
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : KafkaClients.close(consumer, "flags", kafka.closeTimeoutMs());
  }
}
