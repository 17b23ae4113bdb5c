package dev.bayan.tools.eval;

import java.awt.image.BufferedImage;
import java.util.Random;

/** Black and white: Rec. 601 luma in all three channels. */
final class Greyscale implements Transform {
  @Override
  public String name() {
    return "grey";
  }

  @Override
  public String description() {
    return "greyscale (Rec. 601 luma)";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    BufferedImage out = Canvas.rgb(image.getWidth(), image.getHeight());
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int luma = (int) Math.round(0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255));
        out.setRGB(x, y, luma << 16 | luma << 8 | luma);
      }
    }
    return new Edited(out, "grey");
  }
}
