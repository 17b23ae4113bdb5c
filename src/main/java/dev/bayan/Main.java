package dev.bayan;

import dev.bayan.config.BayanConfig;
import dev.bayan.config.ConfigLoader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the gateway: {@code Main [conf/bayan.yaml [overlay.yaml ...]]}. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    List<Path> files = args.length > 0 ? Arrays.stream(args).map(Path::of).toList()
        : List.of(Path.of("conf/bayan.yaml"));
    BayanConfig cfg;
    try {
      cfg = ConfigLoader.load(files);
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    BayanVerticle gateway = new BayanVerticle(cfg, registry);
    try {
      vertx.deployVerticle(gateway).await();
    } catch (Exception e) {
      LOG.error("gateway failed to start: {}", e.getMessage(), e);
      vertx.close();
      System.exit(1);
      return;
    }
    LOG.info("Bayan listening on {}:{} (store {} at {})", cfg.http().host(), gateway.httpPort(),
        cfg.store().kind(), cfg.store().path());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await(), "bayan-shutdown"));
  }
}
