package dev.bayan.admin;

import dev.bayan.error.NotFound;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The unauthenticated operational endpoints: liveness and readiness probes, the Prometheus scrape
 * and the OpenAPI document. None of them reveals content (posts, thumbnails, decisions).
 */
public final class OpsRoutes {
  /** One readiness condition, named in the {@code /health/ready} answer. */
  public record Check(String name, BooleanSupplier up) {}

  private final Vertx vertx;
  private final List<Check> readiness;
  private final MeterRegistry registry;
  private final Buffer openApi;

  /** @param readiness read at every probe: checks added later (Kafka) count as soon as they are added */
  public OpsRoutes(Vertx vertx, List<Check> readiness, MeterRegistry registry, Buffer openApi) {
    this.vertx = vertx;
    this.readiness = readiness;
    this.registry = registry;
    this.openApi = openApi;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "up")));
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(this::metrics);
    router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
        .end(openApi));
  }

  private void ready(RoutingContext ctx) {
    JsonObject checks = new JsonObject();
    boolean all = true;
    for (Check check : readiness) {
      boolean up = safely(check.up());
      checks.put(check.name(), up);
      all &= up;
    }
    ctx.response().setStatusCode(all ? 200 : 503);
    ctx.json(new JsonObject().put("status", all ? "up" : "down").put("checks", checks));
  }

  private static boolean safely(BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (RuntimeException e) {
      return false; // a probe that cannot tell is not ready
    }
  }

  private void metrics(RoutingContext ctx) {
    if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
      ctx.fail(new NotFound("metrics_unavailable", "the gateway runs without a Prometheus registry"));
      return;
    }
    // formatting every histogram bucket is not event-loop work
    vertx.executeBlocking(prometheus::scrape, false)
        .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .end(text))
        .onFailure(ctx::fail);
  }

  /** The document served at /openapi.yaml, from the classpath; blocking, read once at start. */
  public static Buffer loadOpenApi() {
    try (InputStream in = OpsRoutes.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      if (in == null) throw new IllegalStateException("openapi.yaml is missing from the classpath");
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
