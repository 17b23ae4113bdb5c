package dev.bayan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
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

/** TLS, API keys and per-client rate limits on the public API, over a real TLS socket. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class AccessTest {
  @TempDir Path dataDir;
  WebClient client;
  int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    var cfg = TestGateway.config(dataDir, Map.of(
        "bayan.http.tlsCertPath", "src/test/resources/tls/cert.pem",
        "bayan.http.tlsKeyPath", "src/test/resources/tls/key.pem",
        "bayan.http.ratePerClient", "1",
        "bayan.http.rateBurst", "3",
        "bayan.security.apiKeys", "[k1, k2]"));
    client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    TestGateway.start(vertx, cfg).onComplete(ctx.succeeding(g -> {
      port = g.httpPort();
      ctx.completeNow();
    }));
  }

  private Future<HttpResponse<Buffer>> check(String apiKey) {
    var request = client.post(port, "127.0.0.1", "/v1/check?dryRun=true").putHeader("Content-Type", "image/jpeg");
    if (apiKey != null) request.putHeader("X-Api-Key", apiKey);
    return request.sendBuffer(Buffer.buffer(TestImages.bytes(TestImages.all().get(0))));
  }

  @Test
  void apiKeysAreRequiredAndChecked(VertxTestContext ctx) {
    check(null).compose(none -> {
      ctx.verify(() -> {
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("missing_api_key");
      });
      return check("wrong");
    }).compose(wrong -> {
      ctx.verify(() -> assertThat(wrong.statusCode()).isEqualTo(403));
      return check("k2");
    }).onComplete(ctx.succeeding(ok -> ctx.verify(() -> {
      assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
      assertThat(ok.bodyAsJsonObject().getBoolean("dryRun")).isTrue();
      ctx.completeNow();
    })));
  }

  @Test
  void aClientAboveItsRateGets429WithRetryAfterWhileOthersPass(VertxTestContext ctx) {
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 6; i++) burst.add(check("k1"));
    Future.all(burst).compose(all -> {
      ctx.verify(() -> {
        long limited = burst.stream().filter(f -> f.result().statusCode() == 429).count();
        assertThat(limited).isGreaterThanOrEqualTo(2); // burst 3, then about 1/s
        HttpResponse<Buffer> one = burst.stream().map(Future::result).filter(r -> r.statusCode() == 429)
            .findFirst().orElseThrow();
        assertThat(one.getHeader("Retry-After")).isEqualTo("1");
        assertThat(one.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("rate_limited");
      });
      return check("k2");
    }).onComplete(ctx.succeeding(other -> ctx.verify(() -> {
      assertThat(other.statusCode()).isEqualTo(200);
      ctx.completeNow();
    })));
  }
}
