package dev.bayan.tools;

import dev.bayan.config.BayanConfig;
import dev.bayan.config.ConfigLoader;
import dev.bayan.image.ImageDecoder;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The gateway benchmark:
 * {@code scripts/bayan bench [--images DIR] [--limit N] [--seconds S] [--warmup S] [--soak S]}. In one
 * run it measures preprocessing (per format too) and the raw model per image, hence the CPU ceiling,
 * then the gateway at several concurrencies, with batching on and off, latency at half of saturation,
 * three times the saturation rate (shedding, recovery, memory) and, with {@code --soak}, a long run at
 * saturation with memory printed every minute, and then the ceiling again. Everything runs in this JVM
 * on this machine's cores; compare the ratios it prints, not absolute numbers across machines.
 */
public final class Bench {
  private static final int HALF_LOAD_SAMPLES = 1_000;
  private static final int HALF_LOAD_STEPS = 3;
  private static final long MIXED_ORDER_SEED = 7;
  /** {@link ImageDecoder#nativeFormats} where every format has its native decoder, as the gateway runs. */
  private static final String ALL_NATIVE = "[jpeg, png, webp]";

  private Bench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.log.bayan.decisions", "warn"); // thousands of lines, not results
    Map<String, String> opts = options(args);
    Path dir = Path.of(opts.getOrDefault("images", "../shared/corpus/images"));
    int limit = Integer.parseInt(opts.getOrDefault("limit", "300"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "15"));
    Path conf = Path.of(opts.getOrDefault("conf", "conf/bayan.yaml"));
    List<byte[]> images = readImages(dir, limit);
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "bench: %d images from %s, %d cores, %d s per load step%n", images.size(), dir,
        cores, seconds);

    BayanConfig cfg = ConfigLoader.load(conf, Map.of());
    Vertx vertx = Vertx.vertx();
    String natives = new ImageDecoder(cfg.image()).nativeFormats();
    System.out.println("native decoders: " + natives);
    Ceiling before = Ceiling.measure(vertx, cfg, images, cores, seconds / 3.0);
    System.out.println(before.describe());

    Map<String, String> batching = Map.of();
    Map<String, String> noBatching = Map.of("bayan.embed.maxBatch", "1", "bayan.match.maxBatch", "1");
    double saturated = 0;
    double clientCores = 0; // what the load generator, in this JVM, took of the cores at saturation
    System.out.println("concurrency | checks/s (200) | p50 ms | p95 ms | p99 ms | errors (503/429) | mean embed batch"
        + " | mean search batch | CPU %");
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "90"));
    try (GatewayUnderLoad gw = GatewayUnderLoad.start(vertx, conf, batching)) {
      // The ceiling's parts are measured on a warm JIT; the gateway's code (HTTP, Vert.x, Lucene) keeps the
      // C2 compiler busy for its first minute or two, so it gets a warm-up at saturation too.
      if (warmup > 0) System.out.println(gw.row("warm-up, 64", gw.closedLoop(images, 64, warmup)));
      for (int c : new int[] {1, 4, 16, 64}) {
        LoadGenerator.Result r = gw.closedLoop(images, c, seconds);
        String cpu = gw.cpuPerCheck(r);
        if (r.perSecond() > saturated) clientCores = gw.clientCores();
        saturated = Math.max(saturated, r.perSecond());
        System.out.println(gw.row(Integer.toString(c), r));
        if (c == 64) System.out.println("  core-ms per check by thread group at 64: " + cpu);
      }
      // a p99 wants about 1,000 answers: at 30 checks/s a 10 s step would leave it to the 4th-slowest of 300
      int halfSeconds = Math.max(seconds, (int) Math.ceil(HALF_LOAD_SAMPLES / (saturated / 2)));
      // file order sends one source's images back to back (35 WebPs in a row of the corpus's 300): a burst
      // above saturation inside a "half load" step; an app's uploads come mixed, so the target is read there
      String rate = "open@" + Math.round(saturated / 2) + "/s";
      // three mixed-order steps, all printed, the ratio read at their median: one step's p99 is its 10 slowest
      // answers, and a few slow seconds of this shared machine decide it (one run's single step had p50 21.4
      // ms against 14.3 in the file-order step right after it, and 11 in a separate tool at the same rate)
      double[] ratios = new double[HALF_LOAD_STEPS];
      for (int step = 0; step < HALF_LOAD_STEPS; step++) {
        LoadGenerator.Result half = gw.openLoop(mixed(images), saturated / 2, halfSeconds);
        System.out.println(gw.row(rate + ", mixed order", half));
        ratios[step] = half.p99() / half.p50();
      }
      LoadGenerator.Result inFileOrder = gw.openLoop(images, saturated / 2, halfSeconds);
      System.out.println(gw.row(rate + ", file order", inFileOrder));
      double[] sorted = ratios.clone();
      Arrays.sort(sorted);
      System.out.printf(Locale.ROOT, "p99/p50 at half saturation: %.2f, the median of the mixed-order steps' %s;"
          + " %.2f in file order%n", sorted[HALF_LOAD_STEPS / 2], Arrays.stream(ratios)
          .mapToObj(r -> String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(" / ")),
          inFileOrder.p99() / inFileOrder.p50());
      overload(gw, images, saturated, seconds);
      soak(gw, images, Integer.parseInt(opts.getOrDefault("soak", "0")));
    }
    double unbatched;
    try (GatewayUnderLoad gw = GatewayUnderLoad.start(vertx, conf, noBatching)) {
      LoadGenerator.Result r = gw.closedLoop(images, 16, seconds);
      unbatched = r.perSecond();
      System.out.println(gw.row("16, maxBatch=1", r));
    }
    // this machine's speed drifts by a third between minutes: the ceiling measured on both sides of the
    // gateway steps brackets the ratio that a single measurement could inflate or deflate
    Ceiling after = Ceiling.measure(vertx, cfg, images, cores, seconds / 3.0);
    System.out.println("again after the gateway steps:\n" + after.describe());
    double ceiling = (before.imagesPerSecond() + after.imagesPerSecond()) / 2;
    System.out.printf(Locale.ROOT, "gateway/model: %.2f | gateway/ceiling: %.2f (ceiling before %.2f, after %.2f)"
        + " | batching on/off: %.2f%n", saturated / before.model().imagesPerSecond(), saturated / ceiling,
        saturated / before.imagesPerSecond(), saturated / after.imagesPerSecond(), saturated / unbatched);
    // the ceiling is for all the cores; the gateway had those the load generator left it
    System.out.printf(Locale.ROOT, "the load generator took %.2f of %d cores at saturation: gateway/ceiling on the"
        + " cores it left %.2f%n", clientCores, cores, saturated / (ceiling * (cores - clientCores) / cores));
    if (!ALL_NATIVE.equals(natives)) { // the ratios hold for this run, but not for the gateway as deployed
      System.out.println("NOT THE GATEWAY'S DECODERS: only " + natives + " decoded natively (JDK 22+ and"
          + " apt-get install libturbojpeg0 libwebp7 libdeflate0); the image-stage figures above are the Java path's");
    }
    vertx.close().await();
  }

  /** Three times the saturation rate in open loop, then a light load: is the excess shed, is it over at once? */
  private static void overload(GatewayUnderLoad gw, List<byte[]> images, double saturated, int seconds) {
    String before = GatewayUnderLoad.memory();
    LoadGenerator.Result over = gw.openLoop(images, 3 * saturated, seconds);
    System.out.println(gw.row("open@" + Math.round(3 * saturated) + "/s (3x)", over));
    String after = GatewayUnderLoad.memory();
    LoadGenerator.Result next = gw.closedLoop(images, 4, Math.max(2, seconds / 3));
    System.out.println(gw.row("4, right after", next));
    System.out.printf(Locale.ROOT, "overload at 3x: %d offered, %d answered 200 (%.1f/s), %d shed with 503/429,"
        + " %d other errors; %s before, %s after%n", over.requests(), over.requests() - over.errors(), over.perSecond(),
        over.shed(), over.errors() - over.shed(), before, after);
  }

  /** {@code seconds} of closed-loop load at concurrency 64, memory printed every minute. */
  private static void soak(GatewayUnderLoad gw, List<byte[]> images, int seconds) {
    if (seconds <= 0) return;
    System.out.println("soak: " + seconds + " s at concurrency 64; start: " + GatewayUnderLoad.memory());
    for (int done = 0; done < seconds; done += 60) {
      LoadGenerator.Result r = gw.closedLoop(images, 64, Math.min(60, seconds - done));
      System.out.println(gw.row("soak " + (done / 60 + 1) + " min", r) + " | " + GatewayUnderLoad.memory());
    }
  }

  /** The same images in one fixed shuffled order, so that runs stay comparable. */
  static List<byte[]> mixed(List<byte[]> images) {
    List<byte[]> mixed = new ArrayList<>(images);
    Collections.shuffle(mixed, new Random(MIXED_ORDER_SEED));
    return mixed;
  }

  static List<byte[]> readImages(Path dir, int limit) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no image directory " + dir + " (use --images DIR)");
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sorted = files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
      // evenly spaced, not the first N: file names group by source, and one source may be all WebP
      int n = Math.min(limit, sorted.size());
      List<byte[]> out = new ArrayList<>();
      for (int i = 0; i < n; i++) out.add(Files.readAllBytes(sorted.get((int) ((long) i * sorted.size() / n))));
      return out;
    }
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option value, got " + args[i]);
      opts.put(args[i].substring(2), args[i + 1]);
    }
    return opts;
  }

  /** Mean of a distribution summary over an interval, from two snapshots of count and total. */
  record SummaryDelta(long count, double total) {
    static SummaryDelta of(MeterRegistry registry, String name) {
      DistributionSummary s = registry.find(name).summary();
      return s == null ? new SummaryDelta(0, 0) : new SummaryDelta(s.count(), s.totalAmount());
    }

    double meanSince(SummaryDelta before) {
      long n = count - before.count;
      return n == 0 ? Double.NaN : (total - before.total) / n;
    }
  }
}
