package dev.bayan.tools.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Random;

/** Classic meme text over the picture: upper-case white letters with a black outline, top and/or bottom. */
final class MemeText implements Transform {
  @Override
  public String name() {
    return "meme";
  }

  @Override
  public String description() {
    return "upper-case white text with a black outline drawn over the top, the bottom or both, "
        + "letters 8-16% of the height, random logical font";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    BufferedImage out = Canvas.copy(image);
    int where = random.nextInt(3); // 0 top, 1 bottom, 2 both
    Font font = Fonts.random(random, 12);
    int size = Math.max(10, (int) Math.round(image.getHeight() * Canvas.between(random, 0.08, 0.16)));
    Graphics2D g = Canvas.graphics(out);
    if (where != 1) draw(g, out, Fonts.words(random, Canvas.between(random, 2, 5)), font, size, true);
    if (where != 0) draw(g, out, Fonts.words(random, Canvas.between(random, 2, 5)), font, size, false);
    g.dispose();
    String place = switch (where) {
      case 0 -> "top";
      case 1 -> "bottom";
      default -> "top+bottom";
    };
    return new Edited(out, "meme " + place + " " + Fonts.label(font));
  }

  private static void draw(Graphics2D g, BufferedImage img, String words, Font font, int size, boolean top) {
    String text = words.toUpperCase(Locale.ROOT);
    Font sized = Fonts.fit(font, text, img.getWidth() * 92 / 100, size, g);
    TextLayout layout = new TextLayout(text, sized, g.getFontRenderContext());
    double x = (img.getWidth() - layout.getAdvance()) / 2;
    double margin = img.getHeight() * 0.03;
    double y = top ? margin + layout.getAscent() : img.getHeight() - margin - layout.getDescent();
    Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(x, y));
    g.setStroke(new BasicStroke(Math.max(1.5f, sized.getSize2D() / 12f), BasicStroke.CAP_ROUND,
        BasicStroke.JOIN_ROUND));
    g.setColor(Color.BLACK);
    g.draw(outline);
    g.setColor(Color.WHITE);
    g.fill(outline);
  }
}
