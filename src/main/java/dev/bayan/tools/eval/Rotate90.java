package dev.bayan.tools.eval;

import java.awt.image.BufferedImage;
import java.util.Random;

/** A quarter turn, clockwise or counter-clockwise (a sideways phone photo). */
final class Rotate90 implements Transform {
  @Override
  public String name() {
    return "rotate90";
  }

  @Override
  public String description() {
    return "rotation by 90 degrees, clockwise or counter-clockwise";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    boolean clockwise = random.nextBoolean();
    return new Edited(turn(image, clockwise), clockwise ? "rotate90 cw" : "rotate90 ccw");
  }

  /** Exact pixel moves: clockwise, the left column becomes the top row. */
  static BufferedImage turn(BufferedImage image, boolean clockwise) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage out = Canvas.rgb(h, w);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        if (clockwise) out.setRGB(h - 1 - y, x, rgb);
        else out.setRGB(y, w - 1 - x, rgb);
      }
    }
    return out;
  }
}
