package dev.bayan.tools.eval;

import java.awt.Font;
import java.util.List;
import java.util.Random;

/** The JDK's logical fonts (present on every Java install), plain or bold, and made-up caption text. */
final class Fonts {
  static final List<String> FAMILIES = List.of(Font.SERIF, Font.SANS_SERIF, Font.MONOSPACED, Font.DIALOG);
  private static final List<String> WORDS = List.of("when", "you", "finally", "the", "monday", "me", "my", "code",
      "nobody", "cat", "works", "again", "friday", "boss", "why", "every", "time", "coffee", "weekend", "that",
      "moment", "is", "not", "a", "bug", "feature", "mood", "literally", "nobody:", "deploy");

  private Fonts() {}

  /** A random family and style (plain or bold) at {@code size} points. */
  static Font random(Random random, int size) {
    String family = Canvas.pick(random, FAMILIES);
    int style = random.nextBoolean() ? Font.BOLD : Font.PLAIN;
    return new Font(family, style, Math.max(6, size));
  }

  static String label(Font font) {
    return font.getName() + (font.isBold() ? " bold" : "");
  }

  /** {@code words} random words, seeded. */
  static String words(Random random, int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) text.append(' ');
      text.append(Canvas.pick(random, WORDS));
    }
    return text.toString();
  }

  /** The largest size up to {@code max} at which {@code text} fits {@code width} pixels. */
  static Font fit(Font font, String text, int width, int max, java.awt.Graphics2D g) {
    Font sized = font.deriveFont((float) max);
    int w = g.getFontMetrics(sized).stringWidth(text);
    if (w <= width) return sized;
    return font.deriveFont((float) Math.max(6, Math.floor(max * (double) width / w)));
  }
}
