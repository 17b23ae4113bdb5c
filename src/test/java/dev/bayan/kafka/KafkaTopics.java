package dev.bayan.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Blocking admin calls for test set-up and checks (run them off the event loop). */
public final class KafkaTopics {
  private KafkaTopics() {}

  private static Admin admin() {
    Properties props = new Properties();
    props.put("bootstrap.servers", KafkaBroker.bootstrapServers());
    return Admin.create(props);
  }

  public static void create(int partitions, String... topics) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(java.util.Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList())
          .all().get();
    }
  }

  /** One topic with topic-level settings (e.g. {@code max.message.bytes}). */
  public static void create(String topic, int partitions, Map<String, String> configs) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
    }
  }

  /** For each partition of {@code topic}: the group's committed offset (or -1) and the log end offset. */
  public static Map<Integer, long[]> committedAndEnd(String group, String topic, int partitions) throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> specs = new java.util.HashMap<>();
      for (int p = 0; p < partitions; p++) specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
      var ends = admin.listOffsets(specs).all().get();
      Map<Integer, long[]> out = new java.util.TreeMap<>();
      for (TopicPartition tp : specs.keySet()) {
        OffsetAndMetadata c = committed.get(tp);
        out.put(tp.partition(), new long[] {c == null ? -1 : c.offset(), ends.get(tp).offset()});
      }
      return out;
    }
  }

  public static List<String> names(String prefix) {
    return List.of(prefix + ".posts", prefix + ".decisions", prefix + ".flags", prefix + ".dlq");
  }
}
