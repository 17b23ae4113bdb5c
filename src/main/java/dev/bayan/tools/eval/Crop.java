package dev.bayan.tools.eval;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Cropping: a fraction of the width and the same fraction of the height are cut away, split at
 * random between the two opposite sides (so the crop is usually off-centre).
 */
final class Crop implements Transform {
  static final double MIN = 0.05;
  static final double MAX = 0.30;

  @Override
  public String name() {
    return "crop";
  }

  @Override
  public String description() {
    return "cut 5-30% of the width and of the height, split at random between opposite sides";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    double fraction = Canvas.between(random, MIN, MAX);
    int cutX = (int) Math.round(image.getWidth() * fraction);
    int cutY = (int) Math.round(image.getHeight() * fraction);
    int left = (int) Math.round(cutX * random.nextDouble());
    int top = (int) Math.round(cutY * random.nextDouble());
    Rectangle box = new Rectangle(left, top, image.getWidth() - cutX, image.getHeight() - cutY);
    return new Edited(cut(image, box), String.format(java.util.Locale.ROOT, "crop %.0f%%", fraction * 100));
  }

  static BufferedImage cut(BufferedImage image, Rectangle box) {
    return Canvas.copy(image.getSubimage(box.x, box.y, Math.max(1, box.width), Math.max(1, box.height)));
  }
}
