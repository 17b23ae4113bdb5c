package dev.bayan.tools;

import dev.bayan.BayanVerticle;
import dev.bayan.config.BayanConfig;
import dev.bayan.config.ConfigLoader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** A gateway started in this JVM on a fresh store, with the meters the benchmark reads. */
final class GatewayUnderLoad implements AutoCloseable {
  /**
   * More than the gateway admits at once (image.maxQueue + embed.maxQueue, by default 128): with fewer, an
   * overload waits in this client's pool whenever embedding is the slower stage, instead of being shed.
   */
  private static final int CONNECTIONS = 512;
  /** The name of the load generator's one event-loop thread (its CPU group in {@link ThreadCpu}). */
  static final String CLIENT_THREAD = "bench-client";
  private final Vertx vertx;
  private final Vertx clientVertx;
  private final String deploymentId;
  private final Path dataDir;
  private final MeterRegistry registry;
  private final LoadGenerator load;
  private final WebClient client;
  private Bench.SummaryDelta embedBefore;
  private Bench.SummaryDelta searchBefore;
  private long cpuBefore;
  private long wallBefore;
  private ThreadCpu threadsBefore;

  private GatewayUnderLoad(Vertx vertx, String deploymentId, Path dataDir, MeterRegistry registry, int port) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.dataDir = dataDir;
    this.registry = registry;
    this.clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    // one event loop of its own, renamed, so that the load generator's CPU is a thread group of its own
    Future.<Void>future(renamed -> clientVertx.runOnContext(v -> {
      Thread.currentThread().setName(CLIENT_THREAD);
      renamed.complete();
    })).await();
    this.client = WebClient.create(clientVertx, new WebClientOptions().setKeepAlive(true),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(CONNECTIONS));
    this.load = new LoadGenerator(clientVertx, client, port);
  }

  static GatewayUnderLoad start(Vertx vertx, Path conf, Map<String, String> overrides) throws IOException {
    Path dataDir = Files.createTempDirectory("bayan-bench");
    Map<String, String> all = new HashMap<>(overrides);
    all.put("bayan.http.port", "0");
    all.put("bayan.http.host", "127.0.0.1");
    all.put("bayan.store.path", dataDir.resolve("store").toString());
    BayanConfig cfg = ConfigLoader.load(conf, all);
    MeterRegistry registry = new SimpleMeterRegistry();
    BayanVerticle gateway = new BayanVerticle(cfg, registry);
    String id = vertx.deployVerticle(gateway).await();
    return new GatewayUnderLoad(vertx, id, dataDir, registry, gateway.httpPort());
  }

  LoadGenerator.Result closedLoop(List<byte[]> images, int concurrency, int seconds) {
    snapshot();
    return load.closedLoop(images, concurrency, seconds);
  }

  LoadGenerator.Result openLoop(List<byte[]> images, double perSecond, int seconds) {
    snapshot();
    return load.openLoop(images, perSecond, seconds);
  }

  private void snapshot() {
    embedBefore = Bench.SummaryDelta.of(registry, "bayan.embed.batch.size");
    searchBefore = Bench.SummaryDelta.of(registry, "bayan.search.batch.size");
    cpuBefore = processCpuNanos();
    wallBefore = System.nanoTime();
    threadsBefore = ThreadCpu.now();
  }

  /** Core-ms per check by thread group over the step since the last snapshot (the load generator included). */
  String cpuPerCheck(LoadGenerator.Result r) {
    return ThreadCpu.now().perUnitSince(threadsBefore, r.requests());
  }

  /** Cores the load generator kept busy over the step since the last snapshot. */
  double clientCores() {
    return ThreadCpu.now().groupNanosSince(threadsBefore, CLIENT_THREAD) / (double) (System.nanoTime() - wallBefore);
  }

  /** One table row for the step since the last snapshot. */
  String row(String label, LoadGenerator.Result r) {
    double cpu = 100.0 * (processCpuNanos() - cpuBefore) / (System.nanoTime() - wallBefore)
        / Runtime.getRuntime().availableProcessors();
    return String.format(Locale.ROOT, "%s | %.1f | %.1f | %.1f | %.1f | %d (%d) | %.2f | %.2f | %.0f", label,
        r.perSecond(), r.p50(), r.p95(), r.p99(), r.errors(), r.shed(),
        Bench.SummaryDelta.of(registry, "bayan.embed.batch.size").meanSince(embedBefore),
        Bench.SummaryDelta.of(registry, "bayan.search.batch.size").meanSince(searchBefore), cpu);
  }

  /**
   * Heap in use right after a full GC and the heap G1 says it has committed; the process's resident
   * memory, its anonymous part, and what NMT says the JVM holds of it ({@link NativeMemory}).
   */
  static String memory() {
    System.gc(); // a benchmark's checkpoint: what is still reachable, not what awaits collection
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return String.format(Locale.ROOT, "heap after GC %d MB (committed %d MB), resident %d MB (anonymous %d MB; %s)",
        heap.getUsed() >> 20, heap.getCommitted() >> 20, statusKb("VmRSS:") >> 10, statusKb("RssAnon:") >> 10,
        NativeMemory.summary());
  }

  /** A size from /proc/self/status in KB, -1 where there is none (not Linux). */
  private static long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D+", ""));
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: unknown
    }
    return -1;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  @Override
  public void close() throws IOException {
    vertx.undeploy(deploymentId).await();
    client.close();
    clientVertx.close().await();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
