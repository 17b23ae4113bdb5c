package dev.bayan.bus;

import dev.bayan.config.KafkaConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the gateway's Kafka clients with the settings its delivery guarantees rely on, and closes them
 * within a bound ({@code kafka.closeTimeoutMs}): Kafka's own consumer close waits up to 30 s for a group
 * coordinator it cannot reach, and a producer's close without a bound waits for every unsent record; an
 * orchestrator's grace period is about as long.
 */
public final class KafkaClients {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

  private KafkaClients() {}

  /**
   * Closes the producer within {@code timeoutMs}; records still unsent then fail, which is safe: an
   * offset is committed only after its decision was acknowledged.
   */
  public static Future<Void> close(KafkaProducer<?, ?> producer, long timeoutMs) {
    return producer.close(timeoutMs);
  }

  /**
   * Closes the consumer, waiting at most {@code timeoutMs}; past that the close goes on in the
   * background on the consumer's own thread, and offsets it could not commit only mean records read
   * again by the partition's next owner (at-least-once).
   */
  public static Future<Void> close(KafkaConsumer<?, ?> consumer, String name, long timeoutMs) {
    return consumer.close().timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(e -> {
      if (!(e instanceof TimeoutException)) return Future.failedFuture(e);
      LOG.warn("the {} consumer did not close within {} ms; it goes on closing in the background", name,
          timeoutMs);
      return Future.succeededFuture();
    });
  }

  /**
   * Acknowledged by every in-sync replica and idempotent: once a send succeeds the record is
   * durable, and the client's own retries never write it twice.
   */
  public static KafkaProducer<String, Buffer> producer(Vertx vertx, KafkaConfig cfg, String clientId) {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", cfg.bootstrapServers());
    props.put("client.id", clientId);
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("linger.ms", "5");
    // A send waits at most this long for metadata or buffer space (it blocks a worker thread meanwhile).
    props.put("max.block.ms", "5000");
    props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    props.put("value.serializer", "io.vertx.kafka.client.serialization.BufferSerializer");
    KafkaProducer<String, Buffer> producer = KafkaProducer.create(vertx, props);
    // Every send's future carries its failure; without a handler Vert.x would log each one again.
    producer.exceptionHandler(e -> LOG.debug("producer {}: {}", clientId, e.toString()));
    return producer;
  }

  /**
   * Offsets are committed by the application only ({@code enable.auto.commit=false}).
   *
   * @param reset where a group without committed offsets starts: {@code earliest} or {@code latest}
   * @param maxPollRecords records one poll may hand over (bounds what arrives while partitions pause)
   */
  public static KafkaConsumer<String, Buffer> consumer(Vertx vertx, KafkaConfig cfg, String groupId, String reset,
                                                       int maxPollRecords) {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", cfg.bootstrapServers());
    props.put("group.id", groupId);
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", reset);
    props.put("max.poll.records", String.valueOf(maxPollRecords));
    props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    props.put("value.deserializer", "io.vertx.kafka.client.serialization.BufferDeserializer");
    return KafkaConsumer.create(vertx, props);
  }
}
