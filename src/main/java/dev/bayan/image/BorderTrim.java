package dev.bayan.image;

import dev.bayan.image.RowKernels.ColourRange;
import java.util.Arrays;

/**
 * Cuts uniform bands off the edges of an image before the CNN sees it: letterbox bars, caption bars
 * (a flat colour with a line or two of text) and plain backgrounds. A repost framed that way then
 * reaches the model as the same picture as the original, which went through the same cut; without
 * it a 20% caption bar moves the embedding as far as an unrelated picture does.
 *
 * <p>Each side is scanned inward: a band starts at a line (row or column) whose pixels nearly all
 * share one colour, and ends at the last such line while the band as a whole stays mostly that
 * colour (so text lines inside a caption bar do not end it). Two passes per side take a black bar
 * off a white background. Nothing is cut when the cut would leave less than half of a dimension:
 * a blank or nearly blank image is kept whole. Stateless and thread-safe.
 */
final class BorderTrim {
  /** Per channel: absorbs JPEG ringing around caption text. */
  static final int TOLERANCE = 12;
  /** Share of a line's pixels near the band's colour for the line to count as plain. */
  static final double PLAIN_LINE = 0.97;
  /** Mean share over the whole band, low enough for the text lines of a caption bar. */
  static final double BAND = 0.75;
  /** The most one side may lose, as a share of the dimension. */
  static final double MAX_SIDE = 0.4;
  private static final int PASSES = 2;
  /** Lines counted together: a block of columns is judged as one run per row. */
  private static final int BLOCK = ColourRange.RUN;
  private static final RowKernels KERNELS = RowKernels.BEST;

  private BorderTrim() {}

  /** The part of the image inside its uniform edge bands: the whole image when there are none. */
  static Crop crop(RgbImage img) {
    int w = img.width();
    int h = img.height();
    Window win = new Window(0, 0, w, h);
    for (Side side : Side.values()) {
      int allowance = (int) (MAX_SIDE * side.length(w, h));
      for (int pass = 0; pass < PASSES && allowance > 0; pass++) {
        int cut = band(img, win, side, allowance);
        if (cut == 0) break;
        win = win.cut(side, cut);
        allowance -= cut;
      }
    }
    if (win.width() < w / 2 || win.height() < h / 2) return Crop.whole(img); // blank, or all frame: keep it whole
    return new Crop(win.left(), win.top(), win.width(), win.height());
  }

  /** How many lines from {@code side} of {@code win} form a uniform band (0 when none), at most {@code max}. */
  private static int band(RgbImage img, Window win, Side side, int max) {
    int lines = Math.min(max, side.depth(win) - 1);
    if (lines < 1) return 0;
    ColourRange range = KERNELS.colourRange(meanColour(img, win, side, 0), TOLERANCE);
    int[] near = new int[BLOCK];
    double span = side.span(win);
    countNear(img, win, side, 0, 1, range, near);
    if (near[0] / span < PLAIN_LINE) return 0;
    double sum = 0;
    int cut = 0;
    for (int first = 0; first < lines; first += BLOCK) {
      int count = Math.min(BLOCK, lines - first);
      countNear(img, win, side, first, count, range, near);
      for (int j = 0; j < count; j++) {
        double share = near[j] / span;
        sum += share;
        if (sum / (first + j + 1) < BAND) return cut;
        if (share >= PLAIN_LINE) cut = first + j + 1;
      }
    }
    return cut;
  }

  private static int[] meanColour(RgbImage img, Window win, Side side, int line) {
    int n = side.span(win);
    int step = side.step(img.width()) * 3;
    byte[] rgb = img.rgb();
    long r = 0;
    long g = 0;
    long b = 0;
    for (int k = 0, p = side.start(win, line, img.width()) * 3; k < n; k++, p += step) {
      r += rgb[p] & 0xFF;
      g += rgb[p + 1] & 0xFF;
      b += rgb[p + 2] & 0xFF;
    }
    return new int[] {(int) (r / n), (int) (g / n), (int) (b / n)};
  }

  /**
   * Counts into {@code near[j]} the pixels of line {@code first + j} within {@link #TOLERANCE} of the band's
   * colour, for {@code count} (at most {@link #BLOCK}) lines. Rows are runs of pixels; the columns of a block
   * lie side by side in each row, so they are judged a run per row and counted a bit per column.
   */
  private static void countNear(RgbImage img, Window win, Side side, int first, int count, ColourRange range,
      int[] near) {
    int w = img.width();
    int n = side.span(win);
    byte[] rgb = img.rgb();
    if (side.horizontal()) {
      for (int j = 0; j < count; j++) {
        int far = 0;
        for (int k = 0, p = side.start(win, first + j, w) * 3; k < n; k += ColourRange.RUN, p += 3 * ColourRange.RUN) {
          far += Long.bitCount(range.farPixels(rgb, p, Math.min(ColourRange.RUN, n - k)));
        }
        near[j] = n - far;
      }
      return;
    }
    Arrays.fill(near, 0, count, n);
    int leftmost = side == Side.LEFT ? first : first + count - 1;
    for (int k = 0, p = side.start(win, leftmost, w) * 3; k < n; k++, p += 3 * w) {
      for (long far = range.farPixels(rgb, p, count); far != 0; far &= far - 1) {
        int column = Long.numberOfTrailingZeros(far);
        near[side == Side.LEFT ? column : count - 1 - column]--;
      }
    }
  }

  /** The part of the image still kept: {@code [left, right) x [top, bottom)}. */
  private record Window(int left, int top, int right, int bottom) {
    int width() {
      return right - left;
    }

    int height() {
      return bottom - top;
    }

    Window cut(Side side, int lines) {
      return switch (side) {
        case TOP -> new Window(left, top + lines, right, bottom);
        case BOTTOM -> new Window(left, top, right, bottom - lines);
        case LEFT -> new Window(left + lines, top, right, bottom);
        case RIGHT -> new Window(left, top, right - lines, bottom);
      };
    }
  }

  /** An edge, with the geometry of walking inward from it: line i counts from the edge, k along the line. */
  private enum Side {
    TOP, BOTTOM, LEFT, RIGHT;

    boolean horizontal() {
      return this == TOP || this == BOTTOM;
    }

    int length(int w, int h) {
      return horizontal() ? h : w;
    }

    int depth(Window win) {
      return horizontal() ? win.height() : win.width();
    }

    int span(Window win) {
      return horizontal() ? win.width() : win.height();
    }

    /** The pixel where line {@code line} (counted from this edge) begins. */
    int start(Window win, int line, int imageWidth) {
      return switch (this) {
        case TOP -> (win.top() + line) * imageWidth + win.left();
        case BOTTOM -> (win.bottom() - 1 - line) * imageWidth + win.left();
        case LEFT -> win.top() * imageWidth + win.left() + line;
        case RIGHT -> win.top() * imageWidth + win.right() - 1 - line;
      };
    }

    /** Pixels from one pixel of a line to the next. */
    int step(int imageWidth) {
      return horizontal() ? 1 : imageWidth;
    }
  }
}
