package dev.bayan.tools.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Emoji and logo stickers drawn over the picture with Java2D shapes (no downloaded artwork):
 * smiley faces, hearts, stars and a rounded "app logo" badge with letters.
 */
final class StickerOverlay implements Transform {
  private static final List<String> KINDS = List.of("smiley", "heart", "star", "logo");

  @Override
  public String name() {
    return "emoji";
  }

  @Override
  public String description() {
    return "1-4 stickers (smiley, heart, star, app-logo badge) of 10-25% of the short side at random places";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    BufferedImage out = Canvas.copy(image);
    Graphics2D g = Canvas.graphics(out);
    int count = Canvas.between(random, 1, 4);
    int shortSide = Math.min(image.getWidth(), image.getHeight());
    List<String> drawn = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int size = Math.max(8, (int) Math.round(shortSide * Canvas.between(random, 0.10, 0.25)));
      int x = random.nextInt(Math.max(1, image.getWidth() - size));
      int y = random.nextInt(Math.max(1, image.getHeight() - size));
      String kind = Canvas.pick(random, KINDS);
      switch (kind) {
        case "smiley" -> smiley(g, x, y, size);
        case "heart" -> heart(g, x, y, size);
        case "star" -> star(g, x, y, size, random);
        default -> logo(g, x, y, size, random);
      }
      drawn.add(kind);
    }
    g.dispose();
    return new Edited(out, "emoji " + String.join("+", drawn));
  }

  private static void smiley(Graphics2D g, int x, int y, int s) {
    g.setColor(new Color(255, 204, 51));
    g.fill(new Ellipse2D.Double(x, y, s, s));
    g.setColor(new Color(102, 51, 0));
    g.setStroke(new BasicStroke(Math.max(1f, s / 16f)));
    g.draw(new Ellipse2D.Double(x, y, s, s));
    g.fill(new Ellipse2D.Double(x + s * 0.30, y + s * 0.30, s * 0.12, s * 0.18));
    g.fill(new Ellipse2D.Double(x + s * 0.58, y + s * 0.30, s * 0.12, s * 0.18));
    g.draw(new Arc2D.Double(x + s * 0.22, y + s * 0.30, s * 0.56, s * 0.48, 200, 140, Arc2D.OPEN));
  }

  private static void heart(Graphics2D g, int x, int y, int s) {
    GeneralPath p = new GeneralPath();
    p.moveTo(x + s * 0.5, y + s * 0.95);
    p.curveTo(x - s * 0.35, y + s * 0.35, x + s * 0.2, y - s * 0.2, x + s * 0.5, y + s * 0.28);
    p.curveTo(x + s * 0.8, y - s * 0.2, x + s * 1.35, y + s * 0.35, x + s * 0.5, y + s * 0.95);
    p.closePath();
    g.setColor(new Color(230, 30, 70));
    g.fill(p);
  }

  private static void star(Graphics2D g, int x, int y, int s, Random random) {
    GeneralPath p = new GeneralPath();
    for (int i = 0; i < 10; i++) {
      double r = (i % 2 == 0 ? 0.5 : 0.2) * s;
      double a = -Math.PI / 2 + i * Math.PI / 5;
      double px = x + s / 2.0 + r * Math.cos(a);
      double py = y + s / 2.0 + r * Math.sin(a);
      if (i == 0) p.moveTo(px, py);
      else p.lineTo(px, py);
    }
    p.closePath();
    g.setColor(random.nextBoolean() ? new Color(255, 215, 0) : new Color(80, 200, 255));
    g.fill(p);
  }

  private static void logo(Graphics2D g, int x, int y, int s, Random random) {
    Color[] colours = {new Color(29, 161, 242), new Color(225, 48, 108), new Color(255, 69, 0),
        new Color(37, 211, 102)};
    g.setColor(colours[random.nextInt(colours.length)]);
    g.fill(new RoundRectangle2D.Double(x, y, s, s, s * 0.35, s * 0.35));
    String letters = String.valueOf((char) ('A' + random.nextInt(26)));
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(6, s * 2 / 3)));
    FontMetrics m = g.getFontMetrics();
    g.drawString(letters, x + (s - m.stringWidth(letters)) / 2, y + (s + m.getAscent() - m.getDescent()) / 2);
  }
}
