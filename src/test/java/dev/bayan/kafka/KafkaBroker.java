package dev.bayan.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * One real single-node KRaft broker (combined controller + broker) shared by every Kafka test
 * class of the run: {@code @ExtendWith(KafkaBroker.class)}, then {@link #bootstrapServers()}. It
 * starts on first use and JUnit closes it when the run ends (it lives in the root context's store).
 */
public final class KafkaBroker implements BeforeAllCallback {
  private static volatile Running running;

  private record Running(KafkaClusterTestKit cluster) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      running = null;
      cluster.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KafkaBroker.class, k -> start(), Running.class);
  }

  private static Running start() {
    long begin = System.nanoTime();
    try {
      KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
          .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
          .setConfigProp("group.initial.rebalance.delay.ms", "0") // consumers join at once, not after 3 s
          // One broker: internal topics with one replica, and few partitions (each costs start-up time).
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("offsets.topic.num.partitions", "1")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
          .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      running = new Running(cluster);
      LoggerFactory.getLogger(KafkaBroker.class).info("in-JVM Kafka broker at {} ready in {} ms",
          cluster.bootstrapServers(), (System.nanoTime() - begin) / 1_000_000);
      return running;
    } catch (Exception e) {
      throw new IllegalStateException("the in-JVM Kafka broker did not start", e);
    }
  }

  /** {@code host:port} of the running broker. */
  public static String bootstrapServers() {
    Running r = running;
    if (r == null) throw new IllegalStateException("add @ExtendWith(KafkaBroker.class) to the test class");
    return r.cluster().bootstrapServers();
  }
}
