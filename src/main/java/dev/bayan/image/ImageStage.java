package dev.bayan.image;

import dev.bayan.config.ImageConfig;
import dev.bayan.config.ModelConfig;
import dev.bayan.error.Overloaded;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The image stage's seam: bytes in, model tensor + PDQ hashes + thumbnail out. Decoding blocks, so it runs on
 * a named worker pool ({@code bayan-image}), unordered so that uploads decode in parallel.
 */
public final class ImageStage implements AutoCloseable {
  private final ImageDecoder decoder;
  private final Preprocessor preprocessor;
  private final int thumbnailSize;
  private final Pdq pdq = new Pdq();
  private final int pdqMinQuality;
  private final int maxQueue;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final WorkerExecutor workers;

  public ImageStage(Vertx vertx, ImageConfig image, ModelConfig model) {
    this.decoder = new ImageDecoder(image);
    this.preprocessor = new Preprocessor(model);
    this.thumbnailSize = image.thumbnailSize();
    this.pdqMinQuality = image.pdqMinQuality();
    this.maxQueue = image.maxQueue();
    this.workers = vertx.createSharedWorkerExecutor("bayan-image", image.workers());
  }

  /**
   * Fails with BadInput, TooLarge or UnsupportedMedia for bytes that are not a usable image, and
   * with Overloaded when {@code image.maxQueue} uploads are already waiting: the worker pool's own
   * queue is unbounded, so this is where a burst is shed before it piles up in memory.
   */
  public Future<PreparedImage> prepare(byte[] bytes) {
    if (inFlight.incrementAndGet() > maxQueue) {
      inFlight.decrementAndGet();
      return Future.failedFuture(new Overloaded("image", 1));
    }
    return workers.executeBlocking(() -> prepareNow(bytes), false).andThen(ar -> inFlight.decrementAndGet());
  }

  /** True while {@code image.maxQueue} uploads are waiting for or in decoding: the next one would be shed. */
  public boolean full() {
    return inFlight.get() >= maxQueue;
  }

  /** Uploads waiting for or in decoding (metrics). */
  public int queued() {
    return inFlight.get();
  }

  /** The same work on the calling thread (tools that are not on Vert.x). */
  public PreparedImage prepareNow(byte[] bytes) {
    long start = System.nanoTime();
    RgbImage img = decoder.decode(bytes);
    float[] tensor = preprocessor.tensor(img);
    byte[] thumb = thumbnailSize > 0 ? Thumbnails.jpeg(img, thumbnailSize) : null;
    List<PdqHash> variants = pdq.dihedral(img); // same decoded pixels as the CNN's
    if (variants.get(0).quality() < pdqMinQuality) variants = List.of(); // flat images: the hash says nothing
    return new PreparedImage(tensor, thumb, variants.isEmpty() ? null : variants.get(0), variants,
        img.sourceWidth(), img.sourceHeight(), img.format(), System.nanoTime() - start);
  }

  @Override
  public void close() {
    workers.close();
  }
}
