package dev.bayan.tools.eval;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * Padding / letterboxing: bars on two opposite sides (top and bottom, or left and right), as when
 * a picture is fitted into a square or a 16:9 video frame.
 */
final class Letterbox implements Transform {
  static final double MIN = 0.10;
  static final double MAX = 0.40;
  private static final List<Color> BARS = List.of(Color.BLACK, Color.WHITE, new Color(32, 32, 32),
      new Color(240, 240, 240));

  @Override
  public String name() {
    return "pad";
  }

  @Override
  public String description() {
    return "letterbox: bars of 10-40% of the side added on top+bottom or left+right (black, white or grey)";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    double fraction = Canvas.between(random, MIN, MAX);
    boolean vertical = random.nextBoolean();
    Color bar = Canvas.pick(random, BARS);
    int w = image.getWidth();
    int h = image.getHeight();
    int padX = vertical ? 0 : (int) Math.round(w * fraction);
    int padY = vertical ? (int) Math.round(h * fraction) : 0;
    BufferedImage out = Canvas.filled(w + padX, h + padY, bar);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, padX / 2, padY / 2, null);
    g.dispose();
    return new Edited(out, String.format(java.util.Locale.ROOT, "pad %.0f%% %s", fraction * 100,
        vertical ? "top+bottom" : "left+right"));
  }
}
