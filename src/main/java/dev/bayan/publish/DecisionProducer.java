package dev.bayan.publish;

import dev.bayan.config.KafkaConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

/**
 * Writes a decision to the decisions topic and, when flagged, to the flags topic too (both keyed
 * by postId). The future completes once the broker has acknowledged every copy.
 */
public final class DecisionProducer {
  private final KafkaProducer<String, Buffer> producer;
  private final KafkaConfig cfg;

  public DecisionProducer(KafkaProducer<String, Buffer> producer, KafkaConfig cfg) {
    this.producer = producer;
    this.cfg = cfg;
  }

  public Future<Void> send(DecisionEvent event) {
    Buffer value = DecisionJson.encode(event).toBuffer();
    Future<?> decision = producer.send(KafkaProducerRecord.create(cfg.decisionsTopic(), event.postId(), value));
    if (!event.decision().outcome().flagged()) return decision.mapEmpty();
    Future<?> flag = producer.send(KafkaProducerRecord.create(cfg.flagsTopic(), event.postId(), value));
    return Future.all(decision, flag).mapEmpty();
  }
}
