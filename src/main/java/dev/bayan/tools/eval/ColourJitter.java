package dev.bayan.tools.eval;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Random;

/** Photo-app filter: brightness, contrast and saturation scaled and the hue turned a little. */
final class ColourJitter implements Transform {
  @Override
  public String name() {
    return "colour";
  }

  @Override
  public String description() {
    return "brightness and contrast x0.7-0.9 or x1.1-1.3, saturation x0.5-0.8 or x1.2-1.5, hue turned 2-8%";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    double brightness = away(random, 0.1, 0.3);
    double contrast = away(random, 0.1, 0.3);
    double saturation = random.nextBoolean() ? Canvas.between(random, 0.5, 0.8) : Canvas.between(random, 1.2, 1.5);
    double hue = Canvas.between(random, 0.02, 0.08) * (random.nextBoolean() ? 1 : -1);
    BufferedImage out = Canvas.rgb(image.getWidth(), image.getHeight());
    float[] hsb = new float[3];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        Color.RGBtoHSB((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, hsb);
        float h = (float) (hsb[0] + hue);
        float s = clamp(hsb[1] * saturation);
        float v = clamp(((hsb[2] - 0.5) * contrast + 0.5) * brightness);
        out.setRGB(x, y, Color.HSBtoRGB(h - (float) Math.floor(h), s, v));
      }
    }
    return new Edited(out, String.format(Locale.ROOT, "colour b%.2f c%.2f s%.2f h%+.2f", brightness, contrast,
        saturation, hue));
  }

  /** 1 +- a value in [min, max): never (almost) the identity. */
  private static double away(Random random, double min, double max) {
    double delta = Canvas.between(random, min, max);
    return random.nextBoolean() ? 1 + delta : 1 - delta;
  }

  private static float clamp(double v) {
    return (float) Math.max(0, Math.min(1, v));
  }
}
