package dev.bayan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * While closed-loop checks keep one queue full, a new check is refused before its body is read (not
 * spooled to disk, not decoded for nothing): a probe whose body never ends still gets 503 + Retry-After
 * at once. Were it read first, it would wait for the 20 s request timeout; a probe that arrives in a
 * moment when the queue has room is given up after 1 s and another is sent (at most 15).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ShedBeforeReadTest {
  private static final int PRESSURE = 32;
  private static final int PROBES = 15;
  @TempDir Path dataDir;

  @Test
  void aFullImageQueueRefusesACheckBeforeItsBodyIsRead(Vertx vertx, VertxTestContext ctx) {
    // one image worker with room for one upload; the embed queue holds more than the pressure sends
    pressAndProbe(vertx, ctx, Map.of("bayan.image.workers", "1", "bayan.image.maxQueue", "1",
        "bayan.embed.maxQueue", "256"), "image queue is full");
  }

  @Test
  void aFullEmbedQueueRefusesACheckBeforeItIsDecoded(Vertx vertx, VertxTestContext ctx) {
    // one embed worker, one image waiting for it; the image queue holds more than the pressure sends
    pressAndProbe(vertx, ctx, Map.of("bayan.embed.workers", "1", "bayan.embed.maxBatch", "1",
        "bayan.embed.maxQueue", "1", "bayan.image.maxQueue", "256"), "embed queue is full");
  }

  private void pressAndProbe(Vertx vertx, VertxTestContext ctx, Map<String, String> queues, String message) {
    Map<String, String> overrides = new HashMap<>(queues);
    overrides.put("bayan.http.requestTimeoutMs", "20000");
    byte[] image = TestImages.bytes(TestImages.file(TestImages.DISTINCT_PHOTOS.get(0)));
    AtomicBoolean pressing = new AtomicBoolean(true);
    TestGateway.start(vertx, TestGateway.config(dataDir, overrides)).compose(gateway -> {
      int port = gateway.httpPort();
      WebClient client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(PRESSURE));
      for (int i = 0; i < PRESSURE; i++) press(client, port, image, pressing);
      return probe(vertx.createHttpClient(), port, image, PROBES);
    }).compose(r -> r.body().map(body -> {
      JsonObject error = body.toJsonObject().getJsonObject("error");
      return r.statusCode() + " " + r.getHeader("Retry-After") + " " + error.getString("code") + " "
          + error.getString("message");
    })).recover(e -> Future.failedFuture(new AssertionError("no probe was answered before its body ended", e)))
        .andThen(ar -> pressing.set(false))
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer).isEqualTo("503 1 overloaded " + message + ", retry later");
          ctx.completeNow();
        })));
  }

  /** One closed-loop client: a dry-run check, and the next as soon as it is answered, while pressing. */
  private static void press(WebClient client, int port, byte[] image, AtomicBoolean pressing) {
    if (!pressing.get()) return;
    client.post(port, "127.0.0.1", "/v1/check?dryRun=true&postId=pressure").putHeader("Content-Type", "image/jpeg")
        .sendBuffer(Buffer.buffer(image)).onComplete(ar -> press(client, port, image, pressing));
  }

  /** Sends the headers and the first kilobyte of a check, never the rest, and waits 1 s for an answer. */
  private static Future<HttpClientResponse> probe(HttpClient http, int port, byte[] image, int tries) {
    return http.request(HttpMethod.POST, port, "127.0.0.1", "/v1/check?dryRun=true&postId=probe").compose(req -> {
      req.setChunked(true).putHeader("Content-Type", "image/jpeg").write(Buffer.buffer(Arrays.copyOf(image, 1024)));
      return req.response().timeout(1, TimeUnit.SECONDS).onFailure(e -> req.reset());
    }).recover(e -> tries > 1 ? probe(http, port, image, tries - 1) : Future.failedFuture(e));
  }
}
