package dev.bayan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.match.MilvusProtocolDouble;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway on store.kind milvus, against the in-process Milvus protocol double: when the store
 * goes away, readiness goes false and checks answer 503 fast; when it comes back, the same gateway
 * serves again without a restart.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class StoreOutageTest {
  @TempDir Path dataDir;
  MilvusProtocolDouble milvus;
  WebClient client;
  int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) throws Exception {
    milvus = MilvusProtocolDouble.start();
    client = WebClient.create(vertx);
    TestGateway.start(vertx, TestGateway.config(dataDir, Map.of("bayan.store.kind", "milvus",
        "bayan.store.milvus.uri", milvus.uri(), "bayan.store.milvus.consistency", "STRONG",
        "bayan.store.milvus.timeoutMs", "1500", "bayan.store.milvus.retries", "0")))
        .onComplete(ctx.succeeding(g -> {
          port = g.httpPort();
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop() {
    milvus.close();
  }

  private Future<HttpResponse<Buffer>> check(String postId) {
    return client.post(port, "127.0.0.1", "/v1/check?postId=" + postId).putHeader("Content-Type", "image/jpeg")
        .sendBuffer(Buffer.buffer(TestImages.bytes(TestImages.file("opencv_0059.jpg"))));
  }

  private Future<Integer> ready() {
    return client.get(port, "127.0.0.1", "/health/ready").send().map(HttpResponse::statusCode);
  }

  /** Polls with timers (never sleeps) until the condition holds, for at most {@code tries} seconds. */
  private static Future<Void> eventually(Vertx vertx, Supplier<Future<Boolean>> condition, int tries) {
    Promise<Void> done = Promise.promise();
    poll(vertx, condition, tries, done);
    return done.future();
  }

  private static void poll(Vertx vertx, Supplier<Future<Boolean>> condition, int tries, Promise<Void> done) {
    condition.get().onComplete(ar -> {
      if (ar.succeeded() && ar.result()) done.complete();
      else if (tries <= 0) done.fail("condition not reached");
      else vertx.setTimer(1000, t -> poll(vertx, condition, tries - 1, done));
    });
  }

  @Test
  void anOutageAnswers503FastAndTheGatewayRecoversWithoutARestart(Vertx vertx, VertxTestContext ctx) {
    long[] started = new long[1];
    check("before").compose(first -> {
      ctx.verify(() -> assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200));
      try {
        milvus.stop();
      } catch (InterruptedException e) {
        return Future.failedFuture(e);
      }
      started[0] = System.nanoTime();
      return check("during");
    }).compose(during -> {
      long ms = (System.nanoTime() - started[0]) / 1_000_000;
      ctx.verify(() -> {
        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(during.bodyAsJsonObject().getJsonObject("error").getString("code")).startsWith("store_");
        assertThat(during.getHeader("Retry-After")).isEqualTo("1");
        assertThat(ms).as("answered within the store deadline, not hung").isLessThan(10_000);
      });
      return eventually(vertx, () -> ready().map(s -> s == 503), 10);
    }).compose(v -> check("while-down")).compose(down -> {
      ctx.verify(() -> assertThat(down.statusCode()).isEqualTo(503));
      try {
        milvus.restart();
      } catch (java.io.IOException e) {
        return Future.failedFuture(e);
      }
      return eventually(vertx, () -> ready().map(s -> s == 200), 20);
    }).compose(v -> check("after")).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
      assertThat(after.statusCode()).as(after.bodyAsString()).isEqualTo(200);
      ctx.completeNow();
    })));
  }
}
