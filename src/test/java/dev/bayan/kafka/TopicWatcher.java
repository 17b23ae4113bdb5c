package dev.bayan.kafka;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Reads topics from their beginning and hands out the records tests wait for. */
public final class TopicWatcher {
  private record Waiter(String topic, Predicate<KafkaConsumerRecord<String, Buffer>> match,
                        Promise<KafkaConsumerRecord<String, Buffer>> promise) {}

  private final KafkaConsumer<String, Buffer> consumer;
  private final List<KafkaConsumerRecord<String, Buffer>> seen = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();

  private TopicWatcher(KafkaConsumer<String, Buffer> consumer) {
    this.consumer = consumer;
  }

  /** Completes once the watcher's partitions are assigned, so nothing produced later is missed. */
  public static Future<TopicWatcher> start(Vertx vertx, String group, Set<String> topics) {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", KafkaBroker.bootstrapServers());
    props.put("group.id", group);
    props.put("auto.offset.reset", "earliest");
    props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    props.put("value.deserializer", "io.vertx.kafka.client.serialization.BufferDeserializer");
    TopicWatcher watcher = new TopicWatcher(KafkaConsumer.create(vertx, props));
    Promise<Void> assigned = Promise.promise();
    watcher.consumer.partitionsAssignedHandler(p -> assigned.tryComplete());
    watcher.consumer.handler(watcher::received);
    return watcher.consumer.subscribe(topics).compose(v -> assigned.future()).map(watcher);
  }

  /** The first record of {@code topic} with this key (already seen or still to come). */
  public Future<KafkaConsumerRecord<String, Buffer>> next(String topic, String key) {
    return next(topic, r -> key.equals(r.key()));
  }

  public Future<KafkaConsumerRecord<String, Buffer>> next(String topic,
                                                          Predicate<KafkaConsumerRecord<String, Buffer>> match) {
    for (KafkaConsumerRecord<String, Buffer> r : seen) if (r.topic().equals(topic) && match.test(r)) {
      return Future.succeededFuture(r);
    }
    Promise<KafkaConsumerRecord<String, Buffer>> promise = Promise.promise();
    waiters.add(new Waiter(topic, match, promise));
    return promise.future();
  }

  /** The {@code n}-th record (1-based) of {@code topic} with this key. */
  public Future<KafkaConsumerRecord<String, Buffer>> nth(String topic, String key, int n) {
    return next(topic, r -> key.equals(r.key()) && all(topic, key).size() >= n);
  }

  /** Every record of {@code topic} with this key seen so far. */
  public List<KafkaConsumerRecord<String, Buffer>> all(String topic, String key) {
    return seen.stream().filter(r -> r.topic().equals(topic) && key.equals(r.key())).toList();
  }

  public Future<Void> close() {
    return consumer.close();
  }

  private void received(KafkaConsumerRecord<String, Buffer> record) {
    seen.add(record);
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.topic().equals(record.topic()) && w.match().test(record)) {
        it.remove();
        w.promise().complete(record);
      }
    }
  }
}
