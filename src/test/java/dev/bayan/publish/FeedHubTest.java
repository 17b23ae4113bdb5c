package dev.bayan.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.FeedConfig;
import dev.bayan.config.SecurityConfig;
import dev.bayan.decide.Decision;
import dev.bayan.decide.Match;
import dev.bayan.decide.Outcome;
import dev.bayan.ingest.Credentials;
import dev.bayan.ingest.Problems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The feed hub behind a real HTTP server and real WebSocket clients, routed like the gateway's
 * public router (a request timeout first, the problem handler last), fed by hand.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class FeedHubTest {
  private static final String TOKEN = "feed-secret";
  private static final long REQUEST_TIMEOUT_MS = 300;
  private static final int BUFFER = 16;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private FeedHub hub;
  private HttpServer server;
  private WebClient http;
  private int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    hub = new FeedHub(new FeedConfig(BUFFER, true), new Credentials(new SecurityConfig(TOKEN, List.of())), registry);
    Router router = Router.router(vertx);
    router.route().handler(TimeoutHandler.create(REQUEST_TIMEOUT_MS, 503));
    hub.mount(router);
    router.route().failureHandler(Problems::handle);
    http = WebClient.create(vertx);
    // A small send buffer: a client that stops reading fills it quickly.
    server = vertx.createHttpServer(new HttpServerOptions().setSendBufferSize(8 * 1024)).requestHandler(router);
    server.listen(0, "127.0.0.1").onComplete(ctx.succeeding(s -> {
      port = s.actualPort();
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    server.close().onComplete(ctx.succeedingThenComplete());
  }

  private static DecisionEvent flag(String postId, String space) {
    Match original = new Match("orig-" + postId, space, 0.9731, "cnn", 1_000L);
    return new DecisionEvent(postId, "bob", space, new Decision(Outcome.REJECT, "repost of orig-" + postId,
        original, List.of(original)), false, "model", 2_000L, "http", "instance-a");
  }

  private double dropped() {
    return registry.counter("bayan.feed.dropped").count();
  }

  private double clients() {
    return registry.get("bayan.feed.clients").gauge().value();
  }

  /** Completes once {@code condition} holds, checking every 20 ms. */
  private static Future<Void> until(Vertx vertx, BooleanSupplier condition) {
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(20, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      }
    });
    return done.future();
  }

  @Test
  void connectingNeedsTheAdminToken(Vertx vertx, VertxTestContext ctx) {
    FeedSocket.upgradeStatus(vertx, port, "/v1/feed").compose(none -> {
      ctx.verify(() -> assertThat(none).isEqualTo(401));
      return FeedSocket.upgradeStatus(vertx, port, "/v1/feed?token=guess");
    }).compose(wrong -> {
      ctx.verify(() -> assertThat(wrong).isEqualTo(403));
      return http.get(port, "127.0.0.1", "/v1/feed?token=" + TOKEN).send(); // right token, but no upgrade
    }).compose(plain -> {
      ctx.verify(() -> assertThat(plain.statusCode()).isEqualTo(400));
      return FeedSocket.connect(vertx, port, "/v1/feed", TOKEN); // the bearer header works too
    }).compose(feed -> {
      ctx.verify(() -> assertThat(clients()).isEqualTo(1));
      return feed.close().compose(v -> until(vertx, () -> clients() == 0)); // a closed client is forgotten
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void eventsCarryTheNewPostItsOriginalAndThumbnailUrls(Vertx vertx, VertxTestContext ctx) {
    FeedSocket.connect(vertx, port, "/v1/feed?token=" + TOKEN, null).compose(feed -> {
      hub.publish(flag("p1", "memes"));
      return feed.flag("p1");
    }).onComplete(ctx.succeeding(event -> ctx.verify(() -> {
      assertThat(event.getJsonObject("post")).isEqualTo(new JsonObject().put("postId", "p1").put("authorId", "bob")
          .put("space", "memes").put("thumbnail", "/v1/posts/p1/thumbnail"));
      JsonObject original = event.getJsonObject("original");
      assertThat(original.getString("postId")).isEqualTo("orig-p1");
      assertThat(original.getString("thumbnail")).isEqualTo("/v1/posts/orig-p1/thumbnail");
      assertThat(original.getJsonObject("signals")).isEqualTo(new JsonObject().put("cnn", 0.9731));
      assertThat(event.getJsonArray("matches").getJsonObject(0).getDouble("similarity")).isEqualTo(0.9731);
      assertThat(event.getString("decision")).isEqualTo("reject");
      assertThat(event.getString("reason")).isEqualTo("repost of orig-p1");
      assertThat(event.getLong("time")).isEqualTo(2_000L);
      ctx.completeNow();
    })));
  }

  @Test
  void aSpaceFilterKeepsOtherSpacesOut(Vertx vertx, VertxTestContext ctx) {
    Future.all(FeedSocket.connect(vertx, port, "/v1/feed?space=cats", TOKEN),
        FeedSocket.connect(vertx, port, "/v1/feed?token=" + TOKEN, null)).compose(both -> {
      hub.publish(flag("dog-1", "dogs"));
      hub.publish(flag("cat-1", "cats"));
      FeedSocket cats = both.resultAt(0);
      FeedSocket all = both.resultAt(1);
      return Future.all(cats.flag("cat-1"), all.flag("cat-1")).map(v -> {
        ctx.verify(() -> {
          // Events arrive in order: had dog-1 passed the filter, it would be here before cat-1.
          assertThat(cats.flags()).extracting(j -> j.getJsonObject("post").getString("postId")).containsExactly("cat-1");
          assertThat(all.flags()).extracting(j -> j.getJsonObject("post").getString("postId"))
              .containsExactly("dog-1", "cat-1");
        });
        return v;
      });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aSocketOutlivesTheRequestTimeout(Vertx vertx, VertxTestContext ctx) {
    FeedSocket.connect(vertx, port, "/v1/feed?token=" + TOKEN, null).compose(feed -> {
      Promise<Void> later = Promise.promise();
      vertx.setTimer(REQUEST_TIMEOUT_MS * 3, id -> later.complete());
      return later.future().compose(v -> {
        hub.publish(flag("late", "default"));
        return feed.flag("late");
      });
    }).onComplete(ctx.succeeding(event -> ctx.verify(() -> {
      assertThat(event.getString("decision")).isEqualTo("reject");
      ctx.completeNow();
    })));
  }

  @Test
  void aClientThatStopsReadingLosesTheOldestEventsAndTheCountSaysHowMany(Vertx vertx, VertxTestContext ctx) {
    int n = 20_000;
    WebSocketClientOptions smallWindow = new WebSocketClientOptions().setReceiveBufferSize(4 * 1024);
    FeedSocket.connect(vertx, smallWindow, port, "/v1/feed?token=" + TOKEN, null).compose(feed -> {
      feed.socket().pause(); // reads nothing more: the server's socket fills up
      for (int i = 0; i < n; i++) hub.publish(flag("p" + i, "default"));
      return until(vertx, () -> dropped() > 0).compose(v -> {
        feed.socket().resume();
        return feed.flag("p" + (n - 1)); // the newest event is never the one dropped
      }).map(last -> feed);
    }).onComplete(ctx.succeeding(feed -> ctx.verify(() -> {
      List<JsonObject> flags = feed.flags();
      assertThat(dropped()).isPositive();
      assertThat(flags.size() + (long) dropped()).isEqualTo(n); // every event either arrived or was counted
      List<Integer> order = flags.stream()
          .map(j -> Integer.parseInt(j.getJsonObject("post").getString("postId").substring(1))).toList();
      assertThat(order).isSorted();                             // what arrives, arrives in order
      assertThat(order.get(0)).isZero();                        // the first ones went out before the jam
      ctx.completeNow();
    })));
  }
}
