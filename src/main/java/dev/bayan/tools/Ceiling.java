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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
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
    // one interleaved pass per round, each image timed on its own: a slow moment of this shared machine
    // then falls on every format alike, where timing the formats one after another pinned it on one
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, long[]> byFormat = new TreeMap<>(); // format -> {thread CPU nanoseconds, images}
    for (int round = 0; round <= TIMED_ROUNDS; round++) {
      for (byte[] image : images) {
        long cpu = threads.getCurrentThreadCpuTime();
        String format;
        try {
          RgbImage decoded = decoder.decode(image);
          preprocessor.tensor(decoded);
          format = decoded.format();
        } catch (RuntimeException unsupported) {
          continue; // counted out: the gateway would answer 4xx for it too
        }
        long[] sum = byFormat.computeIfAbsent(format, f -> new long[2]);
        if (round == 0) continue; // warm-up: the gateway runs with the decode path compiled, so measure that
        sum[0] += threads.getCurrentThreadCpuTime() - cpu;
        sum[1]++;
      }
    }
    Map<String, Double> byFormatMs = new TreeMap<>();
    byFormat.forEach((format, sum) -> byFormatMs.put(format, sum[0] / 1e6 / Math.max(1, sum[1])));
    double tensorMs = byFormat.values().stream().mapToLong(sum -> sum[0]).sum() / 1e6
        / Math.max(1, byFormat.values().stream().mapToLong(sum -> sum[1]).sum());
    ImageStage stage = new ImageStage(vertx, cfg.image(), cfg.model());
    double stageMs;
    List<float[]> tensors;
    try {
      stageMs = coreMsPerImage(images, stage::prepareNow);
      tensors = images.stream().map(stage::prepareNow).map(PreparedImage::tensor).toList();
    } finally {
      stage.close();
    }
    ModelBench.Result model = ModelBench.best(cfg.model(), tensors, cores, modelSeconds);
    return new Ceiling(byFormatMs, tensorMs, stageMs, model, cores);
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

  /** Mean CPU milliseconds of this thread per image for {@code work}; images it refuses are not counted. */
  static double coreMsPerImage(List<byte[]> images, Consumer<byte[]> work) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    runAll(images, work); // warm-up: the gateway runs with the decode path compiled, so measure that
    long cpu = threads.getCurrentThreadCpuTime();
    int done = runAll(images, work);
    return (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / Math.max(1, done);
  }

  private static int runAll(List<byte[]> images, Consumer<byte[]> work) {
    int done = 0;
    for (byte[] image : images) {
      try {
        work.accept(image);
        done++;
      } catch (RuntimeException unsupported) {
        // counted out: the gateway would answer 4xx for it too
      }
    }
    return done;
  }
}
