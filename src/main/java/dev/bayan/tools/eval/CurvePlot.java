package dev.bayan.tools.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A precision-recall curve drawn with Java2D: the signal in colour, the other signals in grey
 * for comparison, the target precision dashed and the chosen operating point marked.
 */
final class CurvePlot {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 540;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;
  private static final Color MAIN = new Color(0, 102, 204);
  private static final Color OTHER = new Color(170, 170, 170);

  private CurvePlot() {}

  static BufferedImage draw(SignalReport main, List<SignalReport> others, double target) {
    BufferedImage img = Canvas.filled(WIDTH, HEIGHT, Color.WHITE);
    Graphics2D g = Canvas.graphics(img);
    axes(g);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int legendY = y(0) - 14;
    for (SignalReport other : others) {
      if (other == main || !other.hasEvidence()) continue;
      g.setColor(OTHER);
      g.setStroke(new BasicStroke(1.5f));
      g.draw(path(other.curve()));
      legendY = legend(g, OTHER, other.signal().title() + String.format(Locale.ROOT, " (AP %.3f)",
          other.curve().averagePrecision()), legendY);
    }
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    g.drawLine(x(0), y(target), x(1), y(target));
    String targetText = String.format(Locale.ROOT, "precision %.2f", target);
    g.drawString(targetText, x(1) - g.getFontMetrics().stringWidth(targetText) - 6, y(target) + 16);
    String title;
    if (main.hasEvidence()) {
      g.setColor(MAIN);
      g.setStroke(new BasicStroke(2.5f));
      g.draw(path(main.curve()));
      legend(g, MAIN, main.signal().title(), legendY);
      SignalReport.Operating op = main.headline();
      if (op.reached()) {
        int px = x(op.point().recall());
        int py = y(op.point().precision());
        g.fillOval(px - 6, py - 6, 12, 12);
        g.setColor(Color.BLACK);
        String text = String.format(Locale.ROOT, "recall %.3f at %s", op.point().recall(),
            main.thresholdText(op.point()));
        FontMetrics m = g.getFontMetrics();
        int tx = Math.max(LEFT + 4, Math.min(px - m.stringWidth(text) / 2, WIDTH - RIGHT - m.stringWidth(text) - 4));
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(tx - 3, py + 10, m.stringWidth(text) + 6, m.getHeight() + 2);
        g.setColor(Color.BLACK);
        g.drawString(text, tx, py + 10 + m.getAscent());
      }
      title = String.format(Locale.ROOT, "%s: micro-average precision %.3f", main.signal().title(),
          main.curve().averagePrecision());
    } else {
      g.setColor(Color.GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 16));
      String text = "no " + main.signal().title() + " evidence in the gateway's answers";
      g.drawString(text, (WIDTH - g.getFontMetrics().stringWidth(text)) / 2, HEIGHT / 2);
      title = main.signal().title() + ": no evidence";
    }
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, TOP - 25);
    g.dispose();
    return img;
  }

  private static void axes(Graphics2D g) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 10; i++) {
      double v = i / 10.0;
      g.setColor(new Color(235, 235, 235));
      g.drawLine(x(v), y(0), x(v), y(1));
      g.drawLine(x(0), y(v), x(1), y(v));
      g.setColor(Color.BLACK);
      String label = String.format(Locale.ROOT, "%.1f", v);
      int w = g.getFontMetrics().stringWidth(label);
      g.drawString(label, x(v) - w / 2, y(0) + 18);
      g.drawString(label, x(0) - w - 8, y(v) + 4);
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.5f));
    g.drawRect(x(0), y(1), x(1) - x(0), y(0) - y(1));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString("recall", (x(0) + x(1)) / 2 - 20, HEIGHT - 25);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString("precision", -(y(0) + y(1)) / 2 - 30, 25);
    rotated.dispose();
  }

  /** The step curve: precision at each recall reached, from recall 0. */
  private static Path2D path(PrecisionRecall curve) {
    Path2D path = new Path2D.Double();
    List<PrecisionRecall.Point> points = curve.curve();
    if (points.isEmpty()) return path;
    path.moveTo(x(0), y(points.get(0).precision()));
    for (PrecisionRecall.Point p : points) path.lineTo(x(p.recall()), y(p.precision()));
    return path;
  }

  /** Legend lines stack upwards from the lower left corner, where precision-recall curves rarely go. */
  private static int legend(Graphics2D g, Color colour, String text, int y) {
    int x = LEFT + 16;
    FontMetrics m = g.getFontMetrics();
    g.setColor(Color.WHITE);
    g.fillRect(x - 4, y - m.getAscent() - 2, 34 + m.stringWidth(text), m.getHeight() + 2);
    g.setColor(colour);
    g.setStroke(new BasicStroke(2.5f));
    g.drawLine(x, y - 4, x + 24, y - 4);
    g.setColor(Color.BLACK);
    g.drawString(text, x + 30, y);
    return y - 18;
  }

  private static int x(double recall) {
    return LEFT + (int) Math.round(recall * (WIDTH - LEFT - RIGHT));
  }

  private static int y(double precision) {
    return HEIGHT - BOTTOM - (int) Math.round(precision * (HEIGHT - TOP - BOTTOM));
  }
}
