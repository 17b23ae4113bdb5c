package dev.bayan.ingest;

import dev.bayan.error.BayanException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes posts that can never be checked to the dead-letter topic: the record as it came (same
 * key, same bytes, so it can be replayed once fixed), with why it failed and where it came from
 * in headers ({@code bayan.error.code}, {@code bayan.error.message}, {@code bayan.source.topic},
 * {@code bayan.source.partition}, {@code bayan.source.offset}, {@code bayan.instance}).
 */
final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final KafkaProducer<String, Buffer> producer;
  private final String topic;
  private final String instance;

  DeadLetters(KafkaProducer<String, Buffer> producer, String topic, String instance) {
    this.producer = producer;
    this.topic = topic;
    this.instance = instance;
  }

  /** Completes once the broker acknowledged the dead letter. */
  Future<Void> send(KafkaConsumerRecord<String, Buffer> record, Throwable failure) {
    String code = failure instanceof BayanException b ? b.code() : "internal_error";
    String message = failure instanceof BayanException ? failure.getMessage() : String.valueOf(failure);
    if (!(failure instanceof BayanException)) {
      LOG.error("post at {}-{}@{} failed unexpectedly; dead-lettered", record.topic(), record.partition(),
          record.offset(), failure);
    }
    KafkaProducerRecord<String, Buffer> dead = KafkaProducerRecord.create(topic, record.key(), record.value());
    dead.addHeader("bayan.error.code", code)
        .addHeader("bayan.error.message", message == null ? code : message)
        .addHeader("bayan.source.topic", record.topic())
        .addHeader("bayan.source.partition", String.valueOf(record.partition()))
        .addHeader("bayan.source.offset", String.valueOf(record.offset()))
        .addHeader("bayan.instance", instance);
    return producer.send(dead).recover(e -> {
      if (!(e instanceof RecordTooLargeException)) return Future.failedFuture(e);
      // The original plus the headers exceeds the topic's limit: keep the reason, drop the body.
      KafkaProducerRecord<String, Buffer> bare = KafkaProducerRecord.create(topic, record.key(), (Buffer) null);
      bare.addHeaders(dead.headers()).addHeader("bayan.value.dropped", "too large to dead-letter");
      return producer.send(bare);
    }).mapEmpty();
  }
}
