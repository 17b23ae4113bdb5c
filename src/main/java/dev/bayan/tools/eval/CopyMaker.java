package dev.bayan.tools.eval;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Makes the modified copy of one image, deterministically: the random numbers of a copy depend
 * only on the run's seed, the image's key (its postId or file name) and the transform's name, so
 * a copy can be made again later (for the report's thumbnails) and does not depend on run order.
 * Large pictures are first scaled to {@link #MAX_SIDE} on the long side, as upload pipelines
 * do; every copy is sent as a JPEG of quality {@link #OUTPUT_QUALITY}, as a reposted file would be.
 */
final class CopyMaker {
  static final int MAX_SIDE = 1280;
  static final float OUTPUT_QUALITY = 0.90f;

  private final long seed;

  CopyMaker(long seed) {
    this.seed = seed;
  }

  Transform.Edited make(BufferedImage original, Transform transform, String key) {
    return transform.apply(capped(original), random(key, transform.name()));
  }

  static byte[] encode(BufferedImage copy) {
    return JpegQuality.encode(copy, OUTPUT_QUALITY);
  }

  Random random(String key, String transform) {
    long h = seed * 0x9E3779B97F4A7C15L;
    h = (h ^ key.hashCode()) * 0xBF58476D1CE4E5B9L; // String.hashCode is specified: stable across JVMs
    h = (h ^ transform.hashCode()) * 0x94D049BB133111EBL;
    return new Random(h ^ (h >>> 31));
  }

  static BufferedImage capped(BufferedImage image) {
    int longSide = Math.max(image.getWidth(), image.getHeight());
    if (longSide <= MAX_SIDE) return image;
    double f = (double) MAX_SIDE / longSide;
    return Canvas.scale(image, Math.max(1, (int) Math.round(image.getWidth() * f)),
        Math.max(1, (int) Math.round(image.getHeight() * f)));
  }
}
