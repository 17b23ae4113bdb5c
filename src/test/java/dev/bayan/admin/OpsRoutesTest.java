package dev.bayan.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** /metrics, /health/* and /openapi.yaml on a gateway whose Vert.x reports into Prometheus, as Main builds it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class OpsRoutesTest {
  @TempDir Path dataDir;
  Vertx vertx;
  WebClient client; // a field: Vert.x 5 may otherwise close an unreachable client mid-test
  int port;

  @BeforeEach
  void start(VertxTestContext ctx) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = TestGateway.vertxWithMetrics(registry);
    client = WebClient.create(vertx);
    TestGateway.start(vertx, TestGateway.config(dataDir, Map.of()), registry, List.of())
        .onComplete(ctx.succeeding(gateway -> {
          port = gateway.httpPort();
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    vertx.close().onComplete(ctx.succeedingThenComplete());
  }

  private Future<HttpResponse<Buffer>> check(int image, String query) {
    return client.post(port, "127.0.0.1", "/v1/check?" + query).putHeader("Content-Type", "image/jpeg")
        .sendBuffer(Buffer.buffer(TestImages.bytes(TestImages.all().get(image))));
  }

  /** The value of one sample line of the exposition, e.g. {@code bayan_checks_total{outcome="accept"}}. */
  private static Optional<Double> sample(String scrape, String name, String labels) {
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(scrape);
    while (m.find()) {
      String found = m.group(1) == null ? "" : m.group(1);
      if (labels.isEmpty() || List.of(found.split(",")).containsAll(List.of(labels.split(",")))) {
        return Optional.of(Double.parseDouble(m.group(2)));
      }
    }
    return Optional.empty();
  }

  private static double value(String scrape, String name, String labels) {
    return sample(scrape, name, labels).orElseThrow(() -> new AssertionError("no sample " + name + "{" + labels + "}"));
  }

  @Test
  void metricsExposeBayanAndVertxMetersWithPlausibleValues(VertxTestContext ctx) {
    check(11, "postId=m1")
        .compose(x -> check(12, "postId=m2"))
        .compose(x -> check(11, "postId=m3"))
        .compose(x -> client.post(port, "127.0.0.1", "/v1/check?postId=m4").putHeader("Content-Type", "image/jpeg")
            .sendBuffer(Buffer.buffer("not an image")))
        .compose(x -> client.get(port, "127.0.0.1", "/metrics").send())
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.getHeader("Content-Type")).startsWith("text/plain");
          String scrape = r.bodyAsString();
          assertThat(value(scrape, "bayan_checks_total", "outcome=\"accept\"")).isEqualTo(2.0);
          assertThat(value(scrape, "bayan_checks_total", "outcome=\"reject\"")).isEqualTo(1.0);
          assertThat(value(scrape, "bayan_checks_total", "outcome=\"review\"")).isEqualTo(0.0);
          assertThat(value(scrape, "bayan_checks_total", "outcome=\"error\"")).isEqualTo(1.0);
          for (String stage : new String[] {"decode", "embed", "search", "decide"}) {
            String tag = "stage=\"" + stage + "\"";
            assertThat(value(scrape, "bayan_stage_seconds_count", tag)).as(stage).isEqualTo(3.0);
            assertThat(value(scrape, "bayan_stage_seconds_sum", tag)).as(stage).isGreaterThan(0).isLessThan(60);
            assertThat(value(scrape, "bayan_stage_seconds_bucket", tag + ",le=\"+Inf\"")).as(stage).isEqualTo(3.0);
          }
          // three images were embedded and searched, however they were batched
          assertThat(value(scrape, "bayan_embed_batch_size_sum", "")).isEqualTo(3.0);
          assertThat(value(scrape, "bayan_embed_batch_size_count", "")).isBetween(1.0, 3.0);
          assertThat(value(scrape, "bayan_search_batch_size_sum", "store=\"embedded\"")).isEqualTo(3.0);
          assertThat(value(scrape, "bayan_queue_depth", "stage=\"embed\"")).isEqualTo(0.0);
          assertThat(value(scrape, "bayan_queue_depth", "stage=\"match\"")).isEqualTo(0.0);
          assertThat(value(scrape, "vertx_http_server_requests_total", "method=\"POST\",code=\"200\""))
              .isGreaterThanOrEqualTo(3.0);
          assertThat(value(scrape, "vertx_http_server_requests_total", "method=\"POST\",code=\"415\"")).isEqualTo(1.0);
          assertThat(scrape).contains("vertx_eventbus_processed_total");
          ctx.completeNow();
        })));
  }

  @Test
  void healthProbesSayLiveAndReadyWithTheirChecks(VertxTestContext ctx) {
    client.get(port, "127.0.0.1", "/health/live").send().compose(live -> {
      ctx.verify(() -> {
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("up");
      });
      return client.get(port, "127.0.0.1", "/health/ready").send();
    }).onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
      assertThat(ready.statusCode()).isEqualTo(200);
      JsonObject json = ready.bodyAsJsonObject();
      assertThat(json.getString("status")).isEqualTo("up");
      assertThat(json.getJsonObject("checks").getMap()).containsEntry("model", true).containsEntry("store", true);
      ctx.completeNow();
    })));
  }
}
