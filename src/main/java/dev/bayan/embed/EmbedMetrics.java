package dev.bayan.embed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** The embed stage's meters: batch sizes, inference time per batch, queue depth, rejections. */
public final class EmbedMetrics {
  private final MeterRegistry registry;
  private final DistributionSummary batchSize;
  private final Timer inference;
  private final Counter rejected;
  private final Counter abandoned;
  private final Set<String> devices = ConcurrentHashMap.newKeySet();
  // The batcher that owns the queue now: a redeployed batcher (the bench's maxBatch=1 step) takes
  // over the one gauge instead of leaving it on the undeployed one's queue.
  private volatile IntSupplier queueDepth = () -> 0;
  private volatile int lastBatch;

  public EmbedMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batchSize = DistributionSummary.builder("bayan.embed.batch.size").description("images per ONNX run")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
    this.inference = Timer.builder("bayan.embed.batch.seconds").description("ONNX run time per batch")
        .publishPercentileHistogram().register(registry);
    this.rejected = Counter.builder("bayan.embed.rejected").description("images refused by a full queue")
        .register(registry);
    this.abandoned = Counter.builder("bayan.embed.abandoned")
        .description("queued images dropped because their client went away").register(registry);
    Gauge.builder("bayan.queue.depth", () -> queueDepth.getAsInt()).tag("stage", "embed").register(registry);
  }

  void batch(int size, long nanos) {
    lastBatch = size;
    batchSize.record(size);
    inference.record(nanos, TimeUnit.NANOSECONDS);
  }

  void abandoned() {
    abandoned.increment();
  }

  void rejected() {
    rejected.increment();
  }

  void queue(IntSupplier depth) {
    queueDepth = depth;
  }

  /** Each embed worker reports its device; a device's gauge is registered once, by the first. */
  void device(String device) {
    if (devices.add(device)) {
      Gauge.builder("bayan.embed.device", () -> 1).tag("device", device).register(registry);
    }
  }

  /** Mean batch size so far (admin stats). */
  public double meanBatchSize() {
    return batchSize.mean();
  }

  /** Images in the most recent ONNX run (admin stats). */
  public int lastBatchSize() {
    return lastBatch;
  }
}
