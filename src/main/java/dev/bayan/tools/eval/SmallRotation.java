package dev.bayan.tools.eval;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Random;

/** A slight tilt (3-10 degrees either way) on a canvas of the same size; the corners are filled. */
final class SmallRotation implements Transform {
  static final double MIN_DEGREES = 3;
  static final double MAX_DEGREES = 10;

  @Override
  public String name() {
    return "rotate";
  }

  @Override
  public String description() {
    return "rotation by 3-10 degrees either way, same canvas size, corners filled black or white";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    double degrees = Canvas.between(random, MIN_DEGREES, MAX_DEGREES) * (random.nextBoolean() ? 1 : -1);
    Color fill = random.nextBoolean() ? Color.BLACK : Color.WHITE;
    BufferedImage out = Canvas.filled(image.getWidth(), image.getHeight(), fill);
    Graphics2D g = Canvas.graphics(out);
    g.rotate(Math.toRadians(degrees), image.getWidth() / 2.0, image.getHeight() / 2.0);
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return new Edited(out, String.format(Locale.ROOT, "rotate %+.1f deg", degrees));
  }
}
