package dev.bayan.tools.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Random;

/**
 * A screenshot of the picture in a made-up phone app: a 9:19.5 screen with a status bar (clock,
 * signal, battery), an app header (avatar, user name), the picture at full screen width, a row
 * of action icons, a caption line and a navigation bar. Light or dark theme.
 */
final class ScreenshotFrame implements Transform {
  @Override
  public String name() {
    return "screenshot";
  }

  @Override
  public String description() {
    return "phone screenshot: 9:19.5 screen (status bar, app header, picture at full width, action icons, "
        + "caption, navigation bar), light or dark theme";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    boolean dark = random.nextBoolean();
    int width = Math.clamp(image.getWidth(), 320, 720);
    int height = (int) Math.round(width * 19.5 / 9);
    Color background = dark ? new Color(18, 18, 18) : Color.WHITE;
    Color ink = dark ? new Color(235, 235, 235) : new Color(20, 20, 20);
    BufferedImage out = Canvas.filled(width, height, background);
    Graphics2D g = Canvas.graphics(out);
    int status = height * 35 / 1000;
    int header = height * 65 / 1000;
    int nav = height * 55 / 1000;
    statusBar(g, width, status, ink, random);
    appHeader(g, width, status, header, ink, random);
    int top = status + header;
    int actions = height * 6 / 100;
    int room = height - top - actions - nav - height * 8 / 100; // leaves space for the caption
    double scale = Math.min((double) width / image.getWidth(), (double) room / image.getHeight());
    int pw = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int ph = Math.max(1, (int) Math.round(image.getHeight() * scale));
    g.drawImage(Canvas.scale(image, pw, ph), (width - pw) / 2, top, null);
    int below = top + ph;
    actionRow(g, width, below, actions, ink);
    g.setColor(ink);
    g.setFont(Fonts.random(random, Math.max(8, actions / 3)));
    g.drawString(Fonts.words(random, 5), width / 30, below + actions + actions / 2);
    navBar(g, width, height, nav, ink);
    g.dispose();
    return new Edited(out, "screenshot " + (dark ? "dark" : "light"));
  }

  private static void statusBar(Graphics2D g, int width, int h, Color ink, Random random) {
    g.setColor(ink);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(6, h * 6 / 10)));
    g.drawString(String.format(Locale.ROOT, "%d:%02d", Canvas.between(random, 7, 23), random.nextInt(60)), width / 20,
        h * 3 / 4);
    int bar = Math.max(2, h / 6);
    for (int i = 0; i < 4; i++) { // signal strength
      int bh = (i + 1) * h / 8;
      g.fillRect(width * 70 / 100 + i * (bar + 2), h * 3 / 4 - bh, bar, bh);
    }
    int bw = h;
    int bx = width - width / 20 - bw;
    g.setStroke(new BasicStroke(Math.max(1f, h / 14f)));
    g.drawRect(bx, h / 4, bw, h / 2);
    g.fillRect(bx + 2, h / 4 + 2, (bw - 4) * Canvas.between(random, 20, 100) / 100, h / 2 - 3);
  }

  private static void appHeader(Graphics2D g, int width, int top, int h, Color ink, Random random) {
    g.setColor(new Color(Canvas.between(random, 60, 220), Canvas.between(random, 60, 220),
        Canvas.between(random, 60, 220)));
    g.fill(new Ellipse2D.Double(width / 25.0, top + h * 0.15, h * 0.7, h * 0.7));
    g.setColor(ink);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(6, h * 4 / 10)));
    g.drawString("user_" + Canvas.between(random, 100, 9999), width / 25 + h, top + h * 62 / 100);
    for (int i = 0; i < 3; i++) g.fillOval(width - width / 15, top + h / 4 + i * h / 5, h / 10, h / 10); // menu dots
  }

  private static void actionRow(Graphics2D g, int width, int top, int h, Color ink) {
    g.setColor(ink);
    g.setStroke(new BasicStroke(Math.max(1.5f, h / 16f)));
    int s = h / 2;
    int y = top + h / 4;
    g.draw(new Ellipse2D.Double(width / 25.0, y, s, s)); // like
    g.draw(new RoundRectangle2D.Double(width / 25.0 + 1.6 * s, y, s, s * 0.8, s / 3.0, s / 3.0)); // comment
    g.drawLine(width / 25 + (int) (3.3 * s), y + s, width / 25 + (int) (4.1 * s), y); // share
    g.drawRect(width - width / 25 - s, y, s * 3 / 4, s); // bookmark
  }

  private static void navBar(Graphics2D g, int width, int height, int h, Color ink) {
    g.setColor(ink.darker());
    int y = height - h;
    g.drawLine(0, y, width, y);
    int s = h / 2;
    for (int i = 1; i <= 3; i++) {
      int x = width * i / 4 - s / 2;
      if (i == 1) g.drawRect(x, y + h / 4, s, s);
      else if (i == 2) g.drawOval(x, y + h / 4, s, s);
      else g.drawLine(x, y + h / 2, x + s, y + h / 4);
    }
  }
}
