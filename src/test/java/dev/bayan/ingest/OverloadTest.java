package dev.bayan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst far beyond what 2 cores can embed: the excess is shed early with 503 + Retry-After, the
 * checks that are accepted are answered well within the request timeout, nothing fails otherwise,
 * and the next check after the burst is served at once. ({@code scripts/bayan bench} measures the
 * saturation rate; this test uses a small queue so that a short burst overflows it.)
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class OverloadTest {
  private static final int BURST = 150;
  @TempDir Path dataDir;
  WebClient client;
  int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(BURST));
    TestGateway.start(vertx, TestGateway.config(dataDir, Map.of("bayan.image.maxQueue", "8",
        "bayan.embed.maxQueue", "16", "bayan.embed.maxBatch", "4", "bayan.http.requestTimeoutMs", "20000"))).onComplete(ctx.succeeding(g -> {
          port = g.httpPort();
          ctx.completeNow();
        }));
  }

  private record Outcome(int status, String retryAfter, long millis) {}

  private Future<Outcome> check(byte[] image, String postId) {
    long start = System.nanoTime();
    return client.post(port, "127.0.0.1", "/v1/check?dryRun=true&postId=" + postId)
        .putHeader("Content-Type", "image/jpeg").sendBuffer(Buffer.buffer(image))
        .map(r -> new Outcome(r.statusCode(), r.getHeader("Retry-After"), (System.nanoTime() - start) / 1_000_000));
  }

  @Test
  void aBurstIsShedEarlyAndTheGatewayRecoversAtOnce(VertxTestContext ctx) {
    List<byte[]> images = TestImages.DISTINCT_PHOTOS.stream().map(TestImages::file).map(TestImages::bytes).toList();
    List<Future<Outcome>> burst = new ArrayList<>();
    for (int i = 0; i < BURST; i++) burst.add(check(images.get(i % images.size()), "burst" + i));
    Future.join(burst).compose(all -> {
      ctx.verify(() -> {
        List<Outcome> outcomes = burst.stream().map(Future::result).toList();
        long ok = outcomes.stream().filter(o -> o.status() == 200).count();
        List<Outcome> shed = outcomes.stream().filter(o -> o.status() == 503).toList();
        assertThat(ok + shed.size()).as("only answers and shedding, no other failure").isEqualTo(BURST);
        assertThat(shed).isNotEmpty().allSatisfy(o -> assertThat(o.retryAfter()).isEqualTo("1"));
        assertThat(ok).isGreaterThanOrEqualTo(8);
        // accepted work is bounded by the queue, so it is answered far inside the 20 s timeout
        assertThat(outcomes.stream().filter(o -> o.status() == 200).mapToLong(Outcome::millis).max().orElseThrow())
            .isLessThan(15_000);
      });
      return check(images.get(0), "after-burst");
    }).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
      assertThat(after.status()).isEqualTo(200);
      ctx.completeNow();
    })));
  }
}
