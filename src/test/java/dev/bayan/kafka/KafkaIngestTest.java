package dev.bayan.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.BayanVerticle;
import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Posts through Kafka end to end: a real broker in this JVM, the real gateway (model, store,
 * pipeline), real topics. Each test works in its own {@code space}, so the tests share one
 * gateway without seeing each other's images.
 */
@ExtendWith({KafkaBroker.class, VertxExtension.class})
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class KafkaIngestTest {
  private static final String PREFIX = "ingest-test";
  private static final String POSTS = PREFIX + ".posts";
  private static final String DECISIONS = PREFIX + ".decisions";
  private static final String FLAGS = PREFIX + ".flags";
  private static final String DLQ = PREFIX + ".dlq";
  private static final int POST_PARTITIONS = 2;
  /** Smaller than some posts: dead-lettering one of those must still record why it failed. */
  private static final int DLQ_MAX_BYTES = 8 * 1024;

  @TempDir static Path dataDir;
  static SimpleMeterRegistry registry = new SimpleMeterRegistry();
  static BayanVerticle gateway;
  static WebClient http;
  static KafkaProducer<String, Buffer> producer;
  static TopicWatcher watcher;
  static HttpServer images;
  static final AtomicInteger imageRequests = new AtomicInteger();

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    Map<String, String> o = new HashMap<>();
    o.put("bayan.kafka.bootstrapServers", KafkaBroker.bootstrapServers());
    o.put("bayan.kafka.postsTopic", POSTS);
    o.put("bayan.kafka.decisionsTopic", DECISIONS);
    o.put("bayan.kafka.flagsTopic", FLAGS);
    o.put("bayan.kafka.deadLetterTopic", DLQ);
    o.put("bayan.kafka.groupId", PREFIX);
    o.put("bayan.kafka.retryDelayMs", "50");
    o.put("bayan.kafka.maxInFlightPerPartition", "8");
    o.put("bayan.kafka.fetch.allowHosts", "[localhost]");
    o.put("bayan.kafka.fetch.retries", "0");
    // One image in the embed queue at a time: a burst must meet back-pressure.
    o.put("bayan.embed.maxBatch", "1");
    o.put("bayan.embed.maxQueue", "1");
    var cfg = TestGateway.config(dataDir, o);
    http = WebClient.create(vertx);
    producer = KafkaProducer.create(vertx, Map.of("bootstrap.servers", KafkaBroker.bootstrapServers(),
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "io.vertx.kafka.client.serialization.BufferSerializer"));
    byte[] served = TestImages.bytes(TestImages.all().get(3));
    vertx.executeBlocking(() -> {
      KafkaTopics.create(POST_PARTITIONS, POSTS);
      KafkaTopics.create(1, DECISIONS, FLAGS);
      KafkaTopics.create(DLQ, 1, Map.of("max.message.bytes", String.valueOf(DLQ_MAX_BYTES)));
      return null;
    }).compose(v -> {
      gateway = new BayanVerticle(cfg, registry);
      return vertx.deployVerticle(gateway);
    }).compose(id -> TopicWatcher.start(vertx, PREFIX + "-watcher", Set.of(DECISIONS, FLAGS, DLQ)))
        .compose(w -> {
          watcher = w;
          return vertx.createHttpServer().requestHandler(req -> {
            imageRequests.incrementAndGet();
            req.response().putHeader("Content-Type", "image/jpeg").end(Buffer.buffer(served));
          }).listen(0, "127.0.0.1");
        })
        .onSuccess(server -> images = server)
        .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stop(Vertx vertx, VertxTestContext ctx) {
    Future.join(watcher.close(), producer.close()).onComplete(ctx.succeedingThenComplete());
  }

  private static Buffer post(String postId, String space, byte[] image) {
    return new JsonObject().put("postId", postId).put("authorId", "alice").put("space", space)
        .put("image", Base64.getEncoder().encodeToString(image)).toBuffer();
  }

  private static Future<Void> send(String key, Buffer value) {
    return producer.send(KafkaProducerRecord.create(POSTS, key, value)).mapEmpty();
  }

  private static JsonObject json(KafkaConsumerRecord<String, Buffer> record) {
    return new JsonObject(record.value());
  }

  private static String header(KafkaConsumerRecord<String, Buffer> record, String name) {
    for (KafkaHeader h : record.headers()) if (h.key().equals(name)) return h.value().toString();
    return null;
  }

  @Test
  void postsInDecisionsOutAndADuplicateIsFlagged(VertxTestContext ctx) {
    byte[] image = TestImages.bytes(TestImages.all().get(0));
    send("dup-1", post("dup-1", "t-dup", image))
        .compose(v -> watcher.next(DECISIONS, "dup-1"))
        .compose(first -> {
          ctx.verify(() -> {
            assertThat(json(first).getString("decision")).isEqualTo("accept");
            assertThat(json(first).getBoolean("indexed")).isTrue();
            assertThat(json(first).getString("origin")).isEqualTo("kafka");
          });
          return send("dup-2", post("dup-2", "t-dup", image));
        })
        .compose(v -> Future.all(watcher.next(DECISIONS, "dup-2"), watcher.next(FLAGS, "dup-2")))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          JsonObject decision = json(both.resultAt(0));
          assertThat(decision.getString("decision")).isEqualTo("reject");
          assertThat(decision.getString("authorId")).isEqualTo("alice");
          assertThat(decision.getString("space")).isEqualTo("t-dup");
          assertThat(decision.getJsonObject("original").getString("postId")).isEqualTo("dup-1");
          assertThat(decision.getBoolean("indexed")).isFalse();
          assertThat(json(both.resultAt(1))).isEqualTo(decision); // the flag is the same decision
          assertThat(watcher.all(FLAGS, "dup-1")).isEmpty();      // accepted posts are not flags
          ctx.completeNow();
        })));
  }

  @Test
  void aRedeliveredPostGetsTheSameDecisionAndNoSecondIndexEntry(VertxTestContext ctx) {
    byte[] image = TestImages.bytes(TestImages.all().get(1));
    Buffer original = post("again-1", "t-again", image);
    Buffer copy = post("again-2", "t-again", image);
    List<Long> createdAt = new ArrayList<>();
    send("again-1", original)
        .compose(v -> watcher.nth(DECISIONS, "again-1", 1))
        .compose(v -> storedCreatedAt("again-1")).compose(t -> {
          createdAt.add(t);
          return send("again-1", original); // the very same message again, as a redelivery brings it
        })
        .compose(v -> watcher.nth(DECISIONS, "again-1", 2))
        .compose(v -> storedCreatedAt("again-1")).compose(t -> {
          createdAt.add(t);
          return send("again-2", copy).compose(x -> watcher.nth(DECISIONS, "again-2", 1));
        })
        .compose(v -> send("again-2", copy)).compose(v -> watcher.nth(DECISIONS, "again-2", 2))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          List<JsonObject> accepted = watcher.all(DECISIONS, "again-1").stream().map(KafkaIngestTest::json).toList();
          assertThat(accepted).extracting(j -> j.getString("decision")).containsExactly("accept", "accept");
          assertThat(accepted.get(1).getString("reason")).isEqualTo("already indexed");
          assertThat(createdAt.get(1)).isEqualTo(createdAt.get(0)); // the stored post was not written again
          List<JsonObject> rejected = watcher.all(DECISIONS, "again-2").stream().map(KafkaIngestTest::json).toList();
          assertThat(rejected).extracting(j -> j.getString("decision")).containsExactly("reject", "reject");
          assertThat(rejected).extracting(j -> j.getJsonObject("original").getString("postId"))
              .containsExactly("again-1", "again-1");
          ctx.completeNow();
        })));
  }

  private static Future<Long> storedCreatedAt(String postId) {
    return http.get(gateway.httpPort(), "127.0.0.1", "/v1/posts/" + postId).send().map(r -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      return r.bodyAsJsonObject().getLong("createdAt");
    });
  }

  @Test
  void poisonMessagesGoToTheDeadLetterTopicAndTheNextPostStillFlows(Vertx vertx, VertxTestContext ctx) {
    byte[] good = TestImages.bytes(TestImages.all().get(2));
    byte[] notAnImage = "definitely not an image".getBytes();
    // One key: all three land in one partition, the good post behind the two poisoned ones.
    String key = "poison";
    producer.send(KafkaProducerRecord.create(POSTS, key, Buffer.buffer("{not json")))
        .compose(v -> producer.send(KafkaProducerRecord.create(POSTS, key, post("poison-2", "t-poison", notAnImage))))
        .compose(v -> producer.send(KafkaProducerRecord.create(POSTS, key, post("poison-3", "t-poison", good))))
        .compose(v -> Future.all(watcher.nth(DLQ, key, 2), watcher.next(DECISIONS, "poison-3")))
        .compose(v -> allCommitted(vertx, 100))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          List<KafkaConsumerRecord<String, Buffer>> dead = watcher.all(DLQ, key);
          assertThat(dead).hasSize(2);
          assertThat(header(dead.get(0), "bayan.error.code")).isEqualTo("bad_json");
          assertThat(dead.get(0).value().toString()).isEqualTo("{not json"); // kept as it came
          assertThat(header(dead.get(1), "bayan.error.code")).isIn("image_corrupt", "unsupported_media_type");
          assertThat(header(dead.get(1), "bayan.error.message")).isNotBlank();
          assertThat(header(dead.get(1), "bayan.source.topic")).isEqualTo(POSTS);
          assertThat(json(watcher.all(DECISIONS, "poison-3").get(0)).getString("decision")).isEqualTo("accept");
          ctx.completeNow();
        })));
  }

  @Test
  void aPoisonMessageTooLargeForTheDeadLetterTopicKeepsItsReasonWithoutItsBody(VertxTestContext ctx) {
    String big = "[" + "1,".repeat(DLQ_MAX_BYTES) + "1]"; // valid JSON, not an object
    send("big-poison", Buffer.buffer(big)).compose(v -> watcher.next(DLQ, "big-poison"))
        .onComplete(ctx.succeeding(dead -> ctx.verify(() -> {
          assertThat(header(dead, "bayan.error.code")).isEqualTo("bad_json");
          assertThat(header(dead, "bayan.value.dropped")).isNotNull();
          assertThat(dead.value()).isNull();
          ctx.completeNow();
        })));
  }

  /** Waits until the gateway's group has committed every posts partition up to its end. */
  private static Future<Void> allCommitted(Vertx vertx, int triesLeft) {
    return vertx.executeBlocking(() -> KafkaTopics.committedAndEnd(PREFIX, POSTS, POST_PARTITIONS)).compose(m -> {
      boolean done = m.values().stream().allMatch(ce -> ce[1] == 0 || ce[0] == ce[1]);
      if (done) return Future.succeededFuture();
      if (triesLeft == 0) return Future.failedFuture("offsets not committed: " + describe(m));
      Promise<Void> later = Promise.promise();
      vertx.setTimer(100, id -> allCommitted(vertx, triesLeft - 1).onComplete(later));
      return later.future();
    });
  }

  private static String describe(Map<Integer, long[]> m) {
    StringBuilder s = new StringBuilder();
    m.forEach((p, ce) -> s.append(p).append(": committed ").append(ce[0]).append(" end ").append(ce[1]).append("; "));
    return s.toString();
  }

  @Test
  void anImageUrlOnLoopbackIsRefusedUnlessItsHostIsAllowListed(VertxTestContext ctx) {
    int port = images.actualPort();
    int before = imageRequests.get();
    Buffer refused = new JsonObject().put("postId", "url-1").put("space", "t-url")
        .put("imageUrl", "http://127.0.0.1:" + port + "/photo.jpg").toBuffer();
    Buffer allowed = new JsonObject().put("postId", "url-2").put("space", "t-url")
        .put("imageUrl", "http://localhost:" + port + "/photo.jpg").toBuffer();
    send("url-1", refused)
        .compose(v -> watcher.next(DLQ, "url-1"))
        .compose(dead -> {
          ctx.verify(() -> {
            assertThat(header(dead, "bayan.error.code")).isEqualTo("image_url_refused");
            assertThat(header(dead, "bayan.error.message")).contains("loopback");
            assertThat(imageRequests.get()).isEqualTo(before); // refused before any connection
          });
          return send("url-2", allowed);
        })
        .compose(v -> watcher.next(DECISIONS, "url-2"))
        .onComplete(ctx.succeeding(decision -> ctx.verify(() -> {
          assertThat(json(decision).getString("decision")).isEqualTo("accept");
          assertThat(imageRequests.get()).isEqualTo(before + 1);
          ctx.completeNow();
        })));
  }

  @Test
  void aBurstBeyondThePipelineQueueWaitsAndRetriesInsteadOfDeadLettering(VertxTestContext ctx) {
    int n = 12;
    List<Future<?>> decisions = new ArrayList<>();
    List<Future<?>> sent = new ArrayList<>();
    double retriedBefore = registry.counter("bayan.kafka.posts", "outcome", "retried").count();
    for (int i = 0; i < n; i++) {
      String id = "burst-" + i;
      sent.add(send(id, post(id, "t-burst", tinyImage(i))));
      decisions.add(watcher.next(DECISIONS, id));
    }
    Future.all(sent).compose(v -> Future.all(decisions)).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      for (int i = 0; i < n; i++) assertThat(watcher.all(DLQ, "burst-" + i)).isEmpty();
      assertThat(registry.counter("bayan.kafka.posts", "outcome", "retried").count()).isGreaterThan(retriedBefore);
      ctx.completeNow();
    })));
  }

  /** A small distinct image that decodes at once, so a burst reaches the embed queue together. */
  private static byte[] tinyImage(int seed) {
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(Color.HSBtoRGB(seed / 12f, 0.9f, 0.9f)));
    g.fillRect(0, 0, 32, 32);
    g.setColor(Color.BLACK);
    g.fillOval(seed, 32 - seed * 2 % 32, 10 + seed, 6 + seed);
    g.dispose();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void readinessNamesKafkaAndIsUpWhileTheBrokerAnswers(Vertx vertx, VertxTestContext ctx) {
    http.get(gateway.httpPort(), "127.0.0.1", "/health/ready").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getJsonObject("checks").getBoolean("kafka")).isTrue();
      ctx.completeNow();
    })));
  }
}
