package dev.bayan.tools.eval;

import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Random;

/**
 * Gaussian blur whose strength follows the picture's size (sigma 0.4-1.2% of the short side, at
 * least 1 px), approximated by three box blurs per axis so that its cost does not grow with sigma.
 */
final class Blur implements Transform {
  @Override
  public String name() {
    return "blur";
  }

  @Override
  public String description() {
    return "Gaussian blur (three box passes), sigma 0.4-1.2% of the short side, at least 1 px";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    double sigma = Math.max(1.0, Math.min(image.getWidth(), image.getHeight()) * Canvas.between(random, 0.004, 0.012));
    return new Edited(gaussian(image, sigma), String.format(Locale.ROOT, "blur sigma %.1f px", sigma));
  }

  /** Three box blurs of radius r have the variance of a Gaussian of sigma when (2r+1)^2 = 4 sigma^2 + 1. */
  static BufferedImage gaussian(BufferedImage image, double sigma) {
    int radius = Math.max(1, (int) Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
    int w = image.getWidth();
    int h = image.getHeight();
    int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
    for (int pass = 0; pass < 3; pass++) {
      pixels = box(pixels, w, h, radius, true);
      pixels = box(pixels, w, h, radius, false);
    }
    BufferedImage out = Canvas.rgb(w, h);
    out.setRGB(0, 0, w, h, pixels, 0, w);
    return out;
  }

  /** A running-sum box filter along rows or columns, edges clamped. */
  private static int[] box(int[] in, int w, int h, int radius, boolean rows) {
    int[] out = new int[in.length];
    int lines = rows ? h : w;
    int length = rows ? w : h;
    int window = 2 * radius + 1;
    for (int line = 0; line < lines; line++) {
      int base = rows ? line * w : line;
      int step = rows ? 1 : w;
      int r = 0;
      int g = 0;
      int b = 0;
      for (int k = -radius; k <= radius; k++) {
        int p = in[base + Math.clamp(k, 0, length - 1) * step];
        r += (p >> 16) & 255;
        g += (p >> 8) & 255;
        b += p & 255;
      }
      for (int i = 0; i < length; i++) {
        int half = window / 2; // rounds the means
        out[base + i * step] = (r + half) / window << 16 | (g + half) / window << 8 | (b + half) / window;
        int leaving = in[base + Math.clamp(i - radius, 0, length - 1) * step];
        int entering = in[base + Math.clamp(i + radius + 1, 0, length - 1) * step];
        r += ((entering >> 16) & 255) - ((leaving >> 16) & 255);
        g += ((entering >> 8) & 255) - ((leaving >> 8) & 255);
        b += (entering & 255) - (leaving & 255);
      }
    }
    return out;
  }
}
