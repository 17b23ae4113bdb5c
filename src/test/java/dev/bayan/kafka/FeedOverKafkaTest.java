package dev.bayan.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.BayanVerticle;
import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import dev.bayan.config.BayanConfig;
import dev.bayan.ingest.Credentials;
import dev.bayan.publish.FeedHub;
import dev.bayan.publish.FeedSocket;
import dev.bayan.publish.FeedVerticle;
import io.vertx.ext.web.Router;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live feed of a gateway with Kafka on: flags of HTTP checks and of Kafka posts both travel
 * through the flags topic to the feed, and reach a WebSocket client exactly once.
 */
@ExtendWith({KafkaBroker.class, VertxExtension.class})
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class FeedOverKafkaTest {
  private static final String PREFIX = "feed-test";
  private static final String TOKEN = "moderator-token";

  @TempDir static Path dataDir;
  static BayanConfig cfg;
  static BayanVerticle gateway;
  static WebClient http;
  static KafkaProducer<String, Buffer> producer;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    Map<String, String> o = new HashMap<>();
    o.put("bayan.kafka.bootstrapServers", KafkaBroker.bootstrapServers());
    o.put("bayan.kafka.postsTopic", PREFIX + ".posts");
    o.put("bayan.kafka.decisionsTopic", PREFIX + ".decisions");
    o.put("bayan.kafka.flagsTopic", PREFIX + ".flags");
    o.put("bayan.kafka.deadLetterTopic", PREFIX + ".dlq");
    o.put("bayan.kafka.groupId", PREFIX);
    o.put("bayan.security.adminToken", TOKEN);
    cfg = TestGateway.config(dataDir, o);
    http = WebClient.create(vertx);
    producer = KafkaProducer.create(vertx, Map.of("bootstrap.servers", KafkaBroker.bootstrapServers(),
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "io.vertx.kafka.client.serialization.BufferSerializer"));
    vertx.executeBlocking(() -> {
      KafkaTopics.create(1, KafkaTopics.names(PREFIX).toArray(String[]::new));
      return null;
    }).compose(v -> {
      gateway = new BayanVerticle(cfg, new SimpleMeterRegistry());
      return vertx.deployVerticle(gateway);
    }).onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    producer.close().onComplete(ctx.succeedingThenComplete());
  }

  private static Future<JsonObject> check(byte[] image, String postId, String space) {
    return http.post(gateway.httpPort(), "127.0.0.1", "/v1/check?postId=" + postId + "&space=" + space
            + "&authorId=carol").putHeader("Content-Type", "image/jpeg").sendBuffer(Buffer.buffer(image))
        .map(r -> {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
          return r.bodyAsJsonObject();
        });
  }

  @Test
  void aClientSeesTheFlagsOfHttpAndKafkaChecksOnceEach(Vertx vertx, VertxTestContext ctx) {
    byte[] image = TestImages.bytes(TestImages.all().get(4));
    Buffer kafkaCopy = new JsonObject().put("postId", "feed-k3").put("authorId", "dave").put("space", "t-feed")
        .put("image", Base64.getEncoder().encodeToString(image)).toBuffer();
    FeedSocket.connect(vertx, gateway.httpPort(), "/v1/feed?space=t-feed&token=" + TOKEN, null).compose(feed ->
        check(image, "feed-h1", "t-feed")
            .compose(first -> check(image, "feed-h2", "t-feed"))
            .compose(second -> {
              ctx.verify(() -> assertThat(second.getString("decision")).isEqualTo("reject"));
              return feed.flag("feed-h2");
            })
            .compose(httpFlag -> {
              ctx.verify(() -> {
                assertThat(httpFlag.getString("origin")).isEqualTo("http");
                assertThat(httpFlag.getJsonObject("post").getString("authorId")).isEqualTo("carol");
                assertThat(httpFlag.getJsonObject("post").getString("thumbnail"))
                    .isEqualTo("/v1/posts/feed-h2/thumbnail");
                assertThat(httpFlag.getJsonObject("original").getString("postId")).isEqualTo("feed-h1");
                assertThat(httpFlag.getJsonObject("original").getJsonObject("signals").getDouble("cnn"))
                    .isGreaterThan(0.9);
              });
              return producer.send(KafkaProducerRecord.create(PREFIX + ".posts", "feed-k3", kafkaCopy));
            })
            .compose(sent -> feed.flag("feed-k3"))
            .map(kafkaFlag -> {
              ctx.verify(() -> {
                assertThat(kafkaFlag.getString("origin")).isEqualTo("kafka");
                assertThat(kafkaFlag.getJsonObject("post").getString("authorId")).isEqualTo("dave");
                assertThat(kafkaFlag.getJsonObject("original").getString("postId")).isEqualTo("feed-h1");
                // Through the flags topic only: the local copy of feed-h2 would have come long before.
                assertThat(feed.flags()).extracting(j -> j.getJsonObject("post").getString("postId"))
                    .containsExactly("feed-h2", "feed-k3");
              });
              return kafkaFlag;
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A second instance's feed (its own hub, server and flags consumer; no second model needed)
   * shows the flags this gateway produces: each instance reads the flags topic in a group of its own.
   */
  @Test
  void theFeedOfAnotherInstanceShowsThisInstancesFlags(Vertx vertx, VertxTestContext ctx) {
    FeedHub otherHub = new FeedHub(cfg.feed(), new Credentials(cfg.security()), new SimpleMeterRegistry());
    Router router = Router.router(vertx);
    otherHub.mount(router);
    byte[] image = TestImages.bytes(TestImages.all().get(5));
    vertx.deployVerticle(new FeedVerticle(cfg.kafka(), otherHub, "other-instance"))
        .compose(id -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
        .compose(server -> Future.all(
            FeedSocket.connect(vertx, server.actualPort(), "/v1/feed?token=" + TOKEN, null),
            FeedSocket.connect(vertx, gateway.httpPort(), "/v1/feed?token=" + TOKEN, null)))
        .compose(feeds -> check(image, "multi-1", "t-multi").compose(v -> check(image, "multi-2", "t-multi"))
            .compose(v -> Future.all(feeds.<FeedSocket>resultAt(0).flag("multi-2"),
                feeds.<FeedSocket>resultAt(1).flag("multi-2"))))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          JsonObject there = both.resultAt(0);
          JsonObject here = both.resultAt(1);
          assertThat(there.getString("instance")).isEqualTo(here.getString("instance")); // decided here
          assertThat(there.getJsonObject("original").getString("postId")).isEqualTo("multi-1");
          ctx.completeNow();
        })));
  }

  @Test
  void aClientWithoutTheTokenIsRefusedAtTheUpgrade(Vertx vertx, VertxTestContext ctx) {
    FeedSocket.upgradeStatus(vertx, gateway.httpPort(), "/v1/feed").onComplete(ctx.succeeding(status -> ctx.verify(() -> {
      assertThat(status).isEqualTo(401);
      ctx.completeNow();
    })));
  }
}
