package dev.bayan.tools;

import dev.bayan.config.BayanConfig;
import dev.bayan.image.ImageDecoder;
import dev.bayan.image.ImageStage;
import dev.bayan.image.PreparedImage;
import dev.bayan.image.Preprocessor;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
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

  static Ceiling measure(Vertx vertx, BayanConfig cfg, List<byte[]> images, int cores, double modelSeconds)
      throws Exception {
    ImageDecoder decoder = new ImageDecoder(cfg.image());
    Preprocessor preprocessor = new Preprocessor(cfg.model());
    Map<String, List<byte[]>> byFormat = new TreeMap<>();
    for (byte[] image : images) {
      try {
        byFormat.computeIfAbsent(decoder.decode(image).format(), f -> new ArrayList<>()).add(image);
      } catch (RuntimeException unsupported) {
        // counted out: the gateway would answer 4xx for it too
      }
    }
    Consumer<byte[]> tensor = bytes -> preprocessor.tensor(decoder.decode(bytes));
    Map<String, Double> byFormatMs = new TreeMap<>();
    double totalMs = 0;
    int decoded = 0;
    for (Map.Entry<String, List<byte[]>> format : byFormat.entrySet()) {
      double ms = coreMsPerImage(format.getValue(), tensor);
      byFormatMs.put(format.getKey(), ms);
      totalMs += ms * format.getValue().size();
      decoded += format.getValue().size();
    }
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
    return new Ceiling(byFormatMs, totalMs / Math.max(1, decoded), stageMs, model, cores);
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
