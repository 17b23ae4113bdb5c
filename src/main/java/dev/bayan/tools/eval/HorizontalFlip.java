package dev.bayan.tools.eval;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Mirror image (left and right swapped): a classic way to dodge exact-match filters. */
final class HorizontalFlip implements Transform {
  @Override
  public String name() {
    return "flip";
  }

  @Override
  public String description() {
    return "horizontal mirror";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    BufferedImage out = Canvas.rgb(image.getWidth(), image.getHeight());
    Graphics2D g = out.createGraphics();
    g.drawImage(image, image.getWidth(), 0, -image.getWidth(), image.getHeight(), null);
    g.dispose();
    return new Edited(out, "flip");
  }
}
