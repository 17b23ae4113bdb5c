package dev.bayan.image;

/**
 * A fast path for one format: libjpeg-turbo and libwebp through FFM, or the pure-Java {@link PngDecoder}.
 * It declines by returning {@code null} whenever the file is anything but a clean, plain image (CMYK,
 * animation, an ICC profile, a warning, an error): the Java path then decodes it, so every edge case keeps
 * the Java path's one answer.
 */
interface FastDecoder {
  /**
   * Decodes, scaled down at most so that the short side stays at or above {@code minSide} (never more than
   * twice it when scaled), EXIF orientation not applied. Fails with {@code image_too_many_pixels}
   * like the Java path; returns {@code null} to hand the file to the Java path.
   */
  RgbImage decode(byte[] bytes, int minSide, long maxPixels);
}
