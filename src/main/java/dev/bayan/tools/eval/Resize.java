package dev.bayan.tools.eval;

import java.awt.image.BufferedImage;
import java.util.Random;

/** Downscaling (thumbnails, chat apps): both sides by the same factor. */
final class Resize implements Transform {
  static final double MIN = 0.30;
  static final double MAX = 0.70;

  @Override
  public String name() {
    return "resize";
  }

  @Override
  public String description() {
    return "downscale both sides to 30-70% (area-preserving halving, then bilinear)";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    double factor = Canvas.between(random, MIN, MAX);
    int width = Math.max(8, (int) Math.round(image.getWidth() * factor));
    int height = Math.max(8, (int) Math.round(image.getHeight() * factor));
    return new Edited(Canvas.scale(image, width, height), String.format(java.util.Locale.ROOT, "resize %.0f%%",
        factor * 100));
  }
}
