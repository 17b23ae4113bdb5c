package dev.bayan.tools;

import dev.bayan.config.EmbedConfig;
import dev.bayan.config.ModelConfig;
import dev.bayan.embed.OnnxModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The raw model's throughput: {@code threads} callers, each with its own session, over preprocessed tensors. */
final class ModelBench {
  record Result(int batch, double imagesPerSecond) {}

  private ModelBench() {}

  static Result best(ModelConfig model, List<float[]> tensors, int threads, double seconds) throws Exception {
    List<OnnxModel> sessions = new ArrayList<>();
    for (int t = 0; t < threads; t++) sessions.add(new OnnxModel(model, new EmbedConfig(1, 1, 1, 0, 1, "cpu")));
    try {
      Result best = new Result(0, 0);
      for (int batch : new int[] {1, 4, 8, 32}) {
        measure(sessions, tensors, batch, Math.min(1.0, seconds)); // warm-up
        double rate = measure(sessions, tensors, batch, seconds);
        System.out.printf(java.util.Locale.ROOT, "  model alone: batch %d x %d callers: %.0f images/s%n", batch,
            threads, rate);
        if (rate > best.imagesPerSecond()) best = new Result(batch, rate);
      }
      return best;
    } finally {
      sessions.forEach(OnnxModel::close);
    }
  }

  private static double measure(List<OnnxModel> sessions, List<float[]> tensors, int batch, double seconds)
      throws InterruptedException {
    AtomicLong images = new AtomicLong();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> callers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < sessions.size(); t++) {
      OnnxModel session = sessions.get(t);
      int offset = t * 7;
      callers.add(Thread.ofPlatform().start(() -> {
        int next = offset;
        float[][] input = new float[batch][];
        while (System.nanoTime() < deadline) {
          for (int i = 0; i < batch; i++) input[i] = tensors.get(next++ % tensors.size());
          try {
            session.embed(input);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          images.addAndGet(batch);
        }
      }));
    }
    for (Thread t : callers) t.join();
    return images.get() / ((System.nanoTime() - start) / 1e9);
  }
}
