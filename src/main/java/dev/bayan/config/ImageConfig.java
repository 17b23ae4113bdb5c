package dev.bayan.config;

/**
 * Decoding limits and the work pool for decode/preprocess/PDQ.
 *
 * @param maxPixels refuse images whose header declares more pixels (decompression bombs)
 * @param decodeMinSide large JPEGs are decoded subsampled, but never below this short side
 * @param thumbnailSize long side of the JPEG thumbnail kept with each post (0 = no thumbnails)
 * @param pdqMinQuality PDQ hashes of lower quality (flat, featureless images) are not used at all
 * @param maxQueue uploads waiting for or in decoding; beyond it a check answers 503 at once
 * @param nativeDecoders decode JPEG and WebP with libjpeg-turbo and libwebp when the JDK (22+) and the
 *     libraries allow; the Java decoders take every other image and whatever the native ones decline
 */
public record ImageConfig(long maxPixels, int decodeMinSide, int thumbnailSize, int workers, int pdqMinQuality,
                          int maxQueue, boolean nativeDecoders) {
  public ImageConfig {
    Checks.require(maxPixels >= 1, "image.maxPixels must be positive");
    Checks.require(decodeMinSide >= 64, "image.decodeMinSide must be at least 64");
    Checks.require(thumbnailSize >= 0 && thumbnailSize <= 1024, "image.thumbnailSize must be 0..1024");
    Checks.require(workers >= 1, "image.workers must be at least 1");
    Checks.require(pdqMinQuality >= 0 && pdqMinQuality <= 100, "image.pdqMinQuality must be 0..100");
    Checks.require(maxQueue >= workers, "image.maxQueue must be >= image.workers");
  }
}
