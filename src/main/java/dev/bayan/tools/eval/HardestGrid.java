package dev.bayan.tools.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A contact sheet of the hardest cases under the hybrid score: copies whose original scored
 * lowest (taken in turn from each transform, so one family does not fill the sheet) and the
 * strongest wrong matches. Each tile shows the query, the post it is compared with, and captions.
 */
final class HardestGrid {
  static final int PER_SECTION = 12;
  private static final int THUMB = 150;
  private static final int GAP = 12;
  private static final int CAPTION = 44;
  private static final int COLUMNS = 3;
  private static final int HEADER = 36;
  private static final int TILE_W = 2 * THUMB + 6;
  private static final int TILE_H = THUMB + CAPTION;

  /** One tile: a query, the post it is shown beside, and two caption lines. */
  record Tile(Query query, String postId, String line1, String line2) {}

  private HardestGrid() {}

  /** Copies not found at {@code threshold}, lowest score first, one family after another. */
  static List<Tile> misses(List<Query> queries, double threshold) {
    Map<String, Deque<Query>> byFamily = new LinkedHashMap<>();
    queries.stream().filter(Query::isCopy)
        .filter(q -> q.truthScore(Signal.HYBRID) == null || q.truthScore(Signal.HYBRID) < threshold)
        .sorted(Comparator.comparingDouble((Query q) -> score(q.truthScore(Signal.HYBRID))).thenComparing(Query::index))
        .forEach(q -> byFamily.computeIfAbsent(q.family(), f -> new ArrayDeque<>()).add(q));
    List<Tile> tiles = new ArrayList<>();
    while (tiles.size() < PER_SECTION && byFamily.values().stream().anyMatch(d -> !d.isEmpty())) {
      for (Deque<Query> family : byFamily.values()) {
        if (family.isEmpty() || tiles.size() >= PER_SECTION) continue;
        Query q = family.poll();
        Candidate c = q.answer().candidates().stream().filter(x -> x.postId().equals(q.truth())).findFirst()
            .orElse(null);
        tiles.add(new Tile(q, q.truth(), "MISS " + q.label(), "original: " + evidence(c)));
      }
    }
    return tiles;
  }

  /** The strongest matches to a wrong post, copies and negatives alike, highest first. */
  static List<Tile> falsePositives(List<Query> queries) {
    return queries.stream().filter(q -> q.wrongScore(Signal.HYBRID) != null)
        .sorted(Comparator.comparingDouble((Query q) -> -q.wrongScore(Signal.HYBRID)).thenComparing(Query::index))
        .limit(PER_SECTION)
        .map(q -> {
          Candidate c = q.wrongCandidate(Signal.HYBRID);
          String kind = q.isCopy() ? "copy " : "negative ";
          return new Tile(q, c.postId(), "FP " + kind + q.label(), c.postId() + ": " + evidence(c));
        }).toList();
  }

  static BufferedImage draw(List<Tile> misses, List<Tile> falsePositives, Function<Query, BufferedImage> queryImage,
                            Function<String, BufferedImage> postImage) {
    int rowsMiss = Math.max(1, (misses.size() + COLUMNS - 1) / COLUMNS);
    int rowsFp = Math.max(1, (falsePositives.size() + COLUMNS - 1) / COLUMNS);
    int width = GAP + COLUMNS * (TILE_W + GAP);
    int height = 2 * HEADER + (rowsMiss + rowsFp) * (TILE_H + GAP) + GAP;
    BufferedImage img = Canvas.filled(width, height, Color.WHITE);
    Graphics2D g = Canvas.graphics(img);
    int y = section(g, "Hardest misses (copy | its original), hybrid score", misses, HEADER, queryImage, postImage);
    section(g, "Strongest wrong matches (query | matched post)", falsePositives, y + HEADER, queryImage, postImage);
    g.dispose();
    return img;
  }

  private static int section(Graphics2D g, String title, List<Tile> tiles, int top,
                             Function<Query, BufferedImage> queryImage, Function<String, BufferedImage> postImage) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, GAP, top - 12);
    if (tiles.isEmpty()) {
      g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
      g.drawString("none", GAP, top + 20);
    }
    for (int i = 0; i < tiles.size(); i++) {
      Tile t = tiles.get(i);
      int x = GAP + (i % COLUMNS) * (TILE_W + GAP);
      int y = top + (i / COLUMNS) * (TILE_H + GAP);
      thumb(g, queryImage.apply(t.query()), x, y);
      thumb(g, postImage.apply(t.postId()), x + THUMB + 6, y);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawString(clip(g, t.line1()), x, y + THUMB + 16);
      g.drawString(clip(g, t.line2()), x, y + THUMB + 32);
    }
    return top + Math.max(1, (tiles.size() + COLUMNS - 1) / COLUMNS) * (TILE_H + GAP);
  }

  private static void thumb(Graphics2D g, BufferedImage img, int x, int y) {
    g.setColor(new Color(230, 230, 230));
    g.fillRect(x, y, THUMB, THUMB);
    if (img == null) return;
    double f = Math.min((double) THUMB / img.getWidth(), (double) THUMB / img.getHeight());
    int w = Math.max(1, (int) (img.getWidth() * f));
    int h = Math.max(1, (int) (img.getHeight() * f));
    g.drawImage(Canvas.scale(img, w, h), x + (THUMB - w) / 2, y + (THUMB - h) / 2, null);
  }

  private static String clip(Graphics2D g, String text) {
    String s = text;
    while (s.length() > 4 && g.getFontMetrics().stringWidth(s) > TILE_W) s = s.substring(0, s.length() - 2);
    return s.equals(text) ? s : s + "...";
  }

  static String evidence(Candidate c) {
    if (c == null) return "not among the candidates";
    String cnn = c.similarity() == null ? "cnn -" : String.format(Locale.ROOT, "cnn %.3f", c.similarity());
    String pdq = c.pdqDistance() == null ? "pdq -" : "pdq d=" + c.pdqDistance();
    return cnn + ", " + pdq;
  }

  private static double score(Double s) {
    return s == null ? -1 : s;
  }
}
