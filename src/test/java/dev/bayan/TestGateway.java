package dev.bayan;

import dev.bayan.config.BayanConfig;
import dev.bayan.config.ConfigLoader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.List;
import java.util.function.Consumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts a real gateway (real model, real store on disk, real HTTP port) for tests. */
public final class TestGateway {
  private TestGateway() {}

  /** The model the gateway tests use: {@code -Dbayan.model=...}, else the configured default (the cut graph). */
  public static Path model() {
    Path model = Path.of(System.getProperty("bayan.model", "models/mobilenet_v2_cut.onnx"));
    if (!Files.isRegularFile(model)) {
      throw new IllegalStateException(model.toAbsolutePath() + " is missing: run `scripts/bayan fetch-model` first");
    }
    return model;
  }

  /** conf/bayan.yaml with a random port, the store under {@code dataDir}, and {@code extra} overrides. */
  public static BayanConfig config(Path dataDir, Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("bayan.http.port", "0");
    overrides.put("bayan.http.host", "127.0.0.1");
    overrides.put("bayan.store.path", dataDir.resolve("store").toString());
    overrides.put("bayan.model.path", model().toString());
    overrides.putAll(extra);
    return ConfigLoader.load(Path.of("conf/bayan.yaml"), overrides);
  }

  public static Future<BayanVerticle> start(Vertx vertx, BayanConfig cfg) {
    return start(vertx, cfg, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of());
  }

  /** A gateway with its meters in {@code registry} and test-only {@code modules} on its router. */
  public static Future<BayanVerticle> start(Vertx vertx, BayanConfig cfg, MeterRegistry registry,
                                            List<Consumer<Router>> modules) {
    BayanVerticle gateway = new BayanVerticle(cfg, registry);
    modules.forEach(gateway::mount);
    return vertx.deployVerticle(gateway).map(id -> gateway);
  }

  /** A Vert.x that reports its own HTTP and event-bus meters into {@code registry}, as Main builds it. */
  public static Vertx vertxWithMetrics(PrometheusMeterRegistry registry) {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }
}
