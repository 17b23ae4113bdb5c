package dev.bayan.tools.eval;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Small Java2D helpers shared by the transforms: RGB canvases, good-quality drawing, random ranges. */
final class Canvas {
  private Canvas() {}

  static BufferedImage rgb(int width, int height) {
    return new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
  }

  /** A canvas filled with {@code background}. */
  static BufferedImage filled(int width, int height, Color background) {
    BufferedImage out = rgb(width, height);
    Graphics2D g = out.createGraphics();
    g.setColor(background);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.dispose();
    return out;
  }

  /** Graphics with antialiased shapes and text and bilinear image scaling. */
  static Graphics2D graphics(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    return g;
  }

  static BufferedImage copy(Image img, int width, int height) {
    BufferedImage out = rgb(width, height);
    Graphics2D g = out.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.dispose();
    return out;
  }

  static BufferedImage copy(BufferedImage img) {
    return copy(img, img.getWidth(), img.getHeight());
  }

  /**
   * Scaled to {@code width x height}: halves with bilinear filtering until within 2x, then one
   * last bilinear step, so that strong reductions do not alias the way one bilinear step would.
   */
  static BufferedImage scale(BufferedImage img, int width, int height) {
    BufferedImage current = img;
    while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
      current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
    }
    return current.getWidth() == width && current.getHeight() == height && current != img
        ? current : draw(current, width, height);
  }

  private static BufferedImage draw(BufferedImage img, int width, int height) {
    BufferedImage out = rgb(width, height);
    Graphics2D g = graphics(out);
    g.drawImage(img, 0, 0, out.getWidth(), out.getHeight(), null);
    g.dispose();
    return out;
  }

  /** Uniform in [min, max). */
  static double between(Random random, double min, double max) {
    return min + random.nextDouble() * (max - min);
  }

  /** Uniform in [min, max], both inclusive. */
  static int between(Random random, int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  static <T> T pick(Random random, java.util.List<T> options) {
    return options.get(random.nextInt(options.size()));
  }
}
