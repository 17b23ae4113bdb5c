package dev.bayan.tools;

import dev.bayan.config.BayanConfig;
import dev.bayan.image.ImageDecoder;
import dev.bayan.image.ImageStage;
import dev.bayan.image.PreparedImage;
import dev.bayan.image.Preprocessor;
import dev.bayan.image.RgbImage;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The CPU ceiling of a gateway on this machine, cores / (image stage + model core-time per image), and its
 * parts, each measured on a warm JIT on the bench's images: decode + resize + tensor (issue 7's
 * "preprocessing") per image and per format, the whole image stage (that plus thumbnail and 8 PDQ hashes)
 * and the raw model at its best batch size.
 */
record Ceiling(Map<String, Double> tensorCoreMsByFormat, double tensorCoreMs, double imageStageCoreMs,
    ModelBench.Result model, int cores) {
  private static final int TIMED_ROUNDS = 2;

  static Ceiling measure(Vertx vertx, BayanConfig cfg, List<byte[]> images, int cores, double modelSeconds)
      throws Exception {
    ImageDecoder decoder = new ImageDecoder(cfg.image());
    Preprocessor preprocessor = new Preprocessor(cfg.model());
    Map<String, long[]> byFormat = coreNanosByLabel(images, bytes -> {
      RgbImage decoded = decoder.decode(bytes);
      preprocessor.tensor(decoded);
      return decoded.format();
    });
    Map<String, Double> byFormatMs = new TreeMap<>();
    byFormat.forEach((format, sum) -> byFormatMs.put(format, meanMs(List.of(sum))));
    ImageStage stage = new ImageStage(vertx, cfg.image(), cfg.model());
    double stageMs;
    List<float[]> tensors;
    try {
      stageMs = meanMs(coreNanosByLabel(images, bytes -> {
        stage.prepareNow(bytes);
        return "all";
      }).values());
      tensors = images.stream().map(stage::prepareNow).map(PreparedImage::tensor).toList();
    } finally {
      stage.close();
    }
    ModelBench.Result model = ModelBench.best(cfg.model(), tensors, cores, modelSeconds);
    return new Ceiling(byFormatMs, meanMs(byFormat.values()), stageMs, model, cores);
  }

  double modelCoreMs() {
    return 1000.0 * cores / model.imagesPerSecond();
  }

  double imagesPerSecond() {
    return 1000.0 * cores / (imageStageCoreMs + modelCoreMs());
  }

  String describe() {
    return String.format(Locale.ROOT, "decode+resize+tensor %.2f core-ms/image (%s) | whole image stage (+ thumbnail,"
        + " 8 PDQ) %.2f | model %.2f core-ms/image (best: batch %d, %.0f img/s)%n"
        + "decode+resize+tensor/inference %.2f (%s) | image stage/inference %.2f | CPU ceiling %.0f img/s"
        + " (image stage + model)", tensorCoreMs, byFormat(1), imageStageCoreMs, modelCoreMs(), model.batch(),
        model.imagesPerSecond(), tensorCoreMs / modelCoreMs(), byFormat(modelCoreMs()),
        imageStageCoreMs / modelCoreMs(), imagesPerSecond());
  }

  /** Each format's decode+resize+tensor core-ms divided by {@code per}. */
  private String byFormat(double per) {
    return tensorCoreMsByFormat.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / per))
        .collect(Collectors.joining(", "));
  }

  /**
   * This thread's CPU nanoseconds and image count per label that {@code work} returns for each image, over
   * {@code TIMED_ROUNDS} interleaved rounds after a warm-up one. Each image is timed on its own, so that a
   * slow moment of this shared machine falls on every label alike; images {@code work} refuses are not
   * counted (the gateway would answer 4xx for them too).
   */
  private static Map<String, long[]> coreNanosByLabel(List<byte[]> images, Function<byte[], String> work) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, long[]> byLabel = new TreeMap<>();
    for (int round = 0; round <= TIMED_ROUNDS; round++) {
      for (byte[] image : images) {
        long cpu = threads.getCurrentThreadCpuTime();
        String label;
        try {
          label = work.apply(image);
        } catch (RuntimeException unsupported) {
          continue;
        }
        if (round == 0) continue; // warm-up: the gateway runs with the decode path compiled, so measure that
        long[] sum = byLabel.computeIfAbsent(label, l -> new long[2]);
        sum[0] += threads.getCurrentThreadCpuTime() - cpu;
        sum[1]++;
      }
    }
    return byLabel;
  }

  /** Mean milliseconds per image of {nanoseconds, images} sums. */
  private static double meanMs(Collection<long[]> sums) {
    long nanos = sums.stream().mapToLong(sum -> sum[0]).sum();
    long images = sums.stream().mapToLong(sum -> sum[1]).sum();
    return nanos / 1e6 / Math.max(1, images);
  }
}
