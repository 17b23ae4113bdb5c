package dev.bayan.tools.eval;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** A semi-transparent account or site name: small in a corner, or large and diagonal across the picture. */
final class Watermark implements Transform {
  private static final List<String> TEXTS = List.of("@meme_lord", "funnypics.example", "@daily.laughs", "reposted",
      "via bayan-app", "@cat_facts_99", "(c) lolhub");

  @Override
  public String name() {
    return "watermark";
  }

  @Override
  public String description() {
    return "semi-transparent (35-70% opaque) account name: small in a corner or large and diagonal, random font";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    BufferedImage out = Canvas.copy(image);
    Graphics2D g = Canvas.graphics(out);
    String text = Canvas.pick(random, TEXTS);
    float alpha = (float) Canvas.between(random, 0.35, 0.70);
    boolean diagonal = random.nextBoolean();
    Font font = Fonts.random(random, 12);
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, alpha));
    g.setColor(random.nextBoolean() ? Color.WHITE : Color.BLACK);
    int w = image.getWidth();
    int h = image.getHeight();
    if (diagonal) {
      double angle = Math.atan2(h, w);
      int length = (int) (Math.hypot(w, h) * 0.8);
      g.setFont(Fonts.fit(font, text, length, Math.max(10, Math.min(w, h) / 5), g));
      FontMetrics m = g.getFontMetrics();
      g.rotate(-angle, w / 2.0, h / 2.0);
      g.drawString(text, (w - m.stringWidth(text)) / 2, (h + m.getAscent()) / 2);
    } else {
      g.setFont(Fonts.fit(font, text, w / 2, Math.max(8, h / 18), g));
      FontMetrics m = g.getFontMetrics();
      int margin = Math.max(2, w / 40);
      boolean right = random.nextBoolean();
      boolean bottom = random.nextBoolean();
      int x = right ? w - margin - m.stringWidth(text) : margin;
      int y = bottom ? h - margin - m.getDescent() : margin + m.getAscent();
      g.drawString(text, x, y);
    }
    g.dispose();
    return new Edited(out, String.format(Locale.ROOT, "watermark %s %.0f%%", diagonal ? "diagonal" : "corner",
        alpha * 100));
  }
}
