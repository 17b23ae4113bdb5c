package dev.bayan.image;

import dev.bayan.config.ImageConfig;
import dev.bayan.config.ModelConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;

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
  private final WorkerExecutor workers;

  public ImageStage(Vertx vertx, ImageConfig image, ModelConfig model) {
    this.decoder = new ImageDecoder(image);
    this.preprocessor = new Preprocessor(model);
    this.thumbnailSize = image.thumbnailSize();
    this.pdqMinQuality = image.pdqMinQuality();
    this.workers = vertx.createSharedWorkerExecutor("bayan-image", image.workers());
  }

  /** Fails with BadInput, TooLarge or UnsupportedMedia for bytes that are not a usable image. */
  public Future<PreparedImage> prepare(byte[] bytes) {
    return workers.executeBlocking(() -> prepareNow(bytes), false);
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
