package dev.bayan.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bayan.TestGateway;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps openapi.yaml true: every endpoint of the real router (a route with a path and methods;
 * guards and middleware have no methods) is documented, and every documented operation exists.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class OpenApiTest {
  /**
   * Documented here, mounted by a module that is not on this branch yet (the WebSocket feed).
   * Listed explicitly so that nothing else can be documented without existing.
   */
  private static final Set<String> MOUNTED_ELSEWHERE = Set.of("GET /v1/feed");
  private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  @TempDir Path dataDir;
  WebClient client; // a field: Vert.x 5 may otherwise close an unreachable client mid-test

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted(Vertx vertx, VertxTestContext ctx) {
    AtomicReference<Router> router = new AtomicReference<>();
    Consumer<Router> capture = r -> router.compareAndSet(null, r);
    client = WebClient.create(vertx);
    TestGateway.start(vertx, TestGateway.config(dataDir, Map.of()), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            List.of(capture))
        .compose(gateway -> client.get(gateway.httpPort(), "127.0.0.1", "/openapi.yaml").send()
            .compose(r -> vertx.undeploy(gateway.deploymentID()).map(r)))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.getHeader("Content-Type")).isEqualTo("application/yaml");
          JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(r.bodyAsString());
          assertThat(doc.path("openapi").asText()).startsWith("3.");

          Set<String> documented = new TreeSet<>();
          doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (OPERATIONS.contains(op.getKey())) documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
          }));
          Set<String> routed = new TreeSet<>();
          for (Route route : router.get().getRoutes()) {
            if (route.getPath() == null || route.methods() == null) continue; // guards, body handlers, 404, failures
            for (HttpMethod method : route.methods()) routed.add(method.name() + " " + openApiPath(route));
          }

          assertThat(routed).as("routes missing from openapi.yaml").isSubsetOf(documented);
          Set<String> expected = new TreeSet<>(routed);
          expected.addAll(MOUNTED_ELSEWHERE);
          assertThat(documented).as("documented operations without a route").isSubsetOf(expected);
          assertThat(routed).contains("POST /v1/check", "GET /admin/stats", "PUT /admin/policy", "GET /metrics",
              "GET /health/ready", "GET /openapi.yaml", "GET /", "GET /assets/{file}");
          ctx.completeNow();
        })));
  }

  /** Vert.x {@code /v1/posts/:postId} is OpenAPI {@code /v1/posts/{postId}}; a {@code /assets/*} prefix serves {@code /assets/{file}}. */
  private static String openApiPath(Route route) {
    String path = route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    return route.isExactPath() ? path : path + "{file}";
  }
}
