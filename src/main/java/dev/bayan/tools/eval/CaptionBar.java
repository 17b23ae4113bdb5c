package dev.bayan.tools.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** A caption bar added above or below the picture (the picture itself is untouched), as meme apps do. */
final class CaptionBar implements Transform {
  static final double MIN = 0.12;
  static final double MAX = 0.30;

  @Override
  public String name() {
    return "caption";
  }

  @Override
  public String description() {
    return "caption bar of 12-30% of the height added on top or bottom, 1-2 lines, random logical font "
        + "(Serif/SansSerif/Monospaced/Dialog, plain or bold), black on white or white on black";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    int w = image.getWidth();
    int h = image.getHeight();
    int bar = Math.max(24, (int) Math.round(h * Canvas.between(random, MIN, MAX)));
    boolean top = random.nextBoolean();
    boolean dark = random.nextInt(4) == 0;
    int lines = Canvas.between(random, 1, 2);
    Font font = Fonts.random(random, bar / (lines + 1));
    BufferedImage out = Canvas.filled(w, h + bar, dark ? Color.BLACK : Color.WHITE);
    Graphics2D g = Canvas.graphics(out);
    g.drawImage(image, 0, top ? bar : 0, null);
    g.setColor(dark ? Color.WHITE : Color.BLACK);
    int y0 = top ? 0 : h;
    int lineHeight = bar / lines;
    for (int i = 0; i < lines; i++) {
      String text = Fonts.words(random, Canvas.between(random, 2, 5));
      g.setFont(Fonts.fit(font, text, w * 9 / 10, lineHeight * 2 / 3, g));
      FontMetrics m = g.getFontMetrics();
      int x = (w - m.stringWidth(text)) / 2;
      int y = y0 + i * lineHeight + (lineHeight + m.getAscent() - m.getDescent()) / 2;
      g.drawString(text, x, y);
    }
    g.dispose();
    return new Edited(out, "caption " + (top ? "top " : "bottom ") + Fonts.label(font));
  }
}
