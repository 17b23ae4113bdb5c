package dev.bayan.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.BayanVerticle;
import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import dev.bayan.config.BayanConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker dies (SIGKILL) while the gateway consumes posts, and comes back on the same port and
 * data: every post still gets its decision, and no post is indexed twice. Or it stays dead, and the
 * gateway still stops in bounded time. The broker is a child JVM ({@link ChildKafka}); the gateway
 * runs in this JVM with the real model and store.
 */
class KafkaBrokerRestartTest {
  private static final String PREFIX = "restart-test";
  private static final String POSTS = PREFIX + ".posts";
  private static final String DECISIONS = PREFIX + ".decisions";
  private static final String SPACE = "restart";
  private static final int POSTS_BEFORE = 20;
  private static final int POSTS_AFTER = 20;

  @TempDir Path dir;

  @Test
  @Timeout(240)
  void noDecisionIsLostAndNothingIsIndexedTwiceAcrossABrokerKill() throws Exception {
    try (ChildKafka kafka = ChildKafka.format(dir.resolve("kafka"))) {
      kafka.start();
      Vertx vertx = Vertx.vertx();
      try {
        runAgainst(kafka, vertx);
      } finally {
        vertx.close().await(); // before the broker goes: the consumer commits its offsets on close
      }
    }
  }

  @Test
  @Timeout(120)
  void aGatewayWhoseBrokerIsGoneStillStopsWithinTheKafkaCloseTimeout() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ChildKafka kafka = ChildKafka.format(dir.resolve("kafka"))) {
      kafka.start();
      createTopics(kafka.bootstrapServers());
      BayanConfig cfg = TestGateway.config(dir, gatewayConfig(kafka));
      vertx.deployVerticle(new BayanVerticle(cfg, new SimpleMeterRegistry())).await();
      try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers());
           KafkaConsumer<String, String> consumer = decisionReader(kafka.bootstrapServers())) {
        for (int i = 0; i < 3; i++) send(producer, i, TestImages.all());
        producer.flush();
        readDecisions(consumer, new HashMap<>(), 3, Duration.ofSeconds(60)); // the posts consumer joined its group
      }
      kafka.kill();
      long begin = System.nanoTime();
      vertx.close().await();
      long tookMs = (System.nanoTime() - begin) / 1_000_000;
      System.out.printf("gateway stopped %d ms after its broker died%n", tookMs);
      // Kafka's consumer alone would wait 30 s for its lost coordinator; the clients close side by side.
      assertThat(tookMs).isLessThan(3 * cfg.kafka().closeTimeoutMs());
    } finally {
      vertx.close(); // a no-op once closed; closes it when the test failed before
    }
  }

  private void runAgainst(ChildKafka kafka, Vertx vertx) throws Exception {
    createTopics(kafka.bootstrapServers());
    BayanVerticle gateway =
        new BayanVerticle(TestGateway.config(dir, gatewayConfig(kafka)), new SimpleMeterRegistry());
    vertx.deployVerticle(gateway).await();
    List<Path> images = TestImages.all();
    Map<String, List<JsonObject>> decisions = new LinkedHashMap<>();
    int decidedBeforeKill;
    try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers());
         KafkaConsumer<String, String> consumer = decisionReader(kafka.bootstrapServers())) {
      for (int i = 0; i < POSTS_BEFORE; i++) send(producer, i, images);
      producer.flush();
      readDecisions(consumer, decisions, 5, Duration.ofSeconds(60)); // the gateway is mid-stream
      decidedBeforeKill = decisions.size();
      kafka.kill();
      kafka.start();

      for (int i = POSTS_BEFORE; i < POSTS_BEFORE + POSTS_AFTER; i++) send(producer, i, images);
      producer.flush();
      readDecisions(consumer, decisions, POSTS_BEFORE + POSTS_AFTER, Duration.ofSeconds(120));
    }

    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < POSTS_BEFORE + POSTS_AFTER; i++) expected.add(postId(i));
    assertThat(decisions.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    Set<String> indexed = new TreeSet<>();
    decisions.forEach((postId, all) -> {
      // a redelivered post may be decided again, but never differently
      assertThat(all).extracting(d -> d.getString("decision")).as(postId)
          .containsOnly(all.get(0).getString("decision"));
      if (all.stream().anyMatch(d -> Boolean.TRUE.equals(d.getBoolean("indexed")))) indexed.add(postId);
    });
    assertThat(indexed).isNotEmpty();
    HttpClient http = HttpClient.newHttpClient();
    for (String postId : indexed) {
      assertThat(get(http, gateway.httpPort(), "/v1/posts/" + postId).statusCode()).as(postId).isEqualTo(200);
    }
    assertThat(indexedInSpace(http, gateway.httpPort(), indexed.size())).isEqualTo(indexed.size());
    long redelivered = decisions.values().stream().mapToInt(List::size).filter(n -> n > 1).count();
    System.out.printf("broker restart: %d posts, %d decided before the kill, %d decided in all, %d indexed once each,"
        + " %d decided more than once%n", expected.size(), decidedBeforeKill, decisions.size(), indexed.size(),
        redelivered);
  }

  private static Map<String, String> gatewayConfig(ChildKafka kafka) {
    Map<String, String> o = new HashMap<>();
    o.put("bayan.kafka.bootstrapServers", kafka.bootstrapServers());
    o.put("bayan.kafka.postsTopic", POSTS);
    o.put("bayan.kafka.decisionsTopic", DECISIONS);
    o.put("bayan.kafka.flagsTopic", PREFIX + ".flags");
    o.put("bayan.kafka.deadLetterTopic", PREFIX + ".dlq");
    o.put("bayan.kafka.groupId", PREFIX);
    o.put("bayan.kafka.retryDelayMs", "100");
    return o;
  }

  private static void createTopics(String bootstrap) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(POSTS, 2, (short) 1), new NewTopic(DECISIONS, 1, (short) 1),
          new NewTopic(PREFIX + ".flags", 1, (short) 1), new NewTopic(PREFIX + ".dlq", 1, (short) 1))).all().get();
    }
  }

  private static String postId(int i) {
    return "r-" + i;
  }

  private static void send(KafkaProducer<String, String> producer, int i, List<Path> images) {
    String image = Base64.getEncoder().encodeToString(TestImages.bytes(images.get(i % images.size())));
    String post = new JsonObject().put("postId", postId(i)).put("authorId", "alice").put("space", SPACE)
        .put("image", image).encode();
    producer.send(new ProducerRecord<>(POSTS, postId(i), post));
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("delivery.timeout.ms", "120000");
    props.put("max.request.size", "8388608");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> decisionReader(String bootstrap) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("enable.auto.commit", "false");
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new StringDeserializer());
    TopicPartition partition = new TopicPartition(DECISIONS, 0);
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    return consumer;
  }

  /** Polls decisions (keyed by postId) until {@code distinct} posts have one, or fails after {@code timeout}. */
  private static void readDecisions(KafkaConsumer<String, String> consumer, Map<String, List<JsonObject>> into,
                                    int distinct, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (into.size() < distinct) {
      assertThat(System.nanoTime()).as("decisions for %d posts within %s (have %s)", distinct, timeout, into.keySet())
          .isLessThan(deadline);
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
        into.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(new JsonObject(r.value()));
      }
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts the store holds in the test's space, once its count stops short of {@code atLeast} or reaches it. */
  private static int indexedInSpace(HttpClient http, int port, int atLeast) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int count;
    do {
      JsonObject stats = new JsonObject(get(http, port, "/admin/stats").body());
      count = stats.getJsonObject("posts").getJsonObject("perSpace").getInteger(SPACE, 0);
      if (count >= atLeast) return count;
      Thread.sleep(200); // the store commits in groups: its count catches up within a commit interval
    } while (System.nanoTime() < deadline);
    return count;
  }
}
