package dev.bayan.image;

/**
 * Resizes interleaved RGB to an exact size, ignoring aspect ratio. While the image is at least twice
 * the target in a dimension it is halved by box averaging (area-like, so no aliasing), then one
 * bilinear pass with half-pixel centres (as TF's {@code resize_bilinear(half_pixel_centers=True)} and
 * PIL) lands on the target. Results are floats on the 0..255 scale, interleaved RGB.
 */
final class Resampler {
  private static final RowKernels KERNELS = RowKernels.BEST;
  private static final ThreadLocal<float[]> BOX_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

  private Resampler() {}

  static float[] resize(byte[] rgb, int width, int height, int outW, int outH) {
    return resize(rgb, width, new Crop(0, 0, width, height), outW, outH);
  }

  /** Resizes the {@code crop} of an image {@code stride} pixels wide, without copying it out first. */
  static float[] resize(byte[] rgb, int stride, Crop crop, int outW, int outH) {
    float[] out = new float[outW * outH * 3];
    resize(rgb, stride, crop, outW, outH, false, out, 0);
    return out;
  }

  /**
   * The same resize written into {@code out} from {@code offset} as three planes, every red value, then
   * every green, then every blue: an NCHW tensor's layout, so the model's input needs no separate
   * de-interleaving pass (and no interleaved copy of it).
   */
  static void resizePlanar(byte[] rgb, int stride, Crop crop, int outW, int outH, float[] out, int offset) {
    resize(rgb, stride, crop, outW, outH, true, out, offset);
  }

  private static void resize(byte[] rgb, int stride, Crop crop, int outW, int outH, boolean planar, float[] out,
                             int offset) {
    int halvingsX = halvings(crop.width(), outW);
    int halvingsY = halvings(crop.height(), outH);
    int w = crop.width() >> halvingsX;
    int h = crop.height() >> halvingsY;
    boolean exact = w == outW && h == outH;
    if (exact && !planar) {
      boxAverage(rgb, stride, crop, halvingsX, halvingsY, w, h, out);
      return;
    }
    float[] box = boxScratch(w * h * 3);
    boxAverage(rgb, stride, crop, halvingsX, halvingsY, w, h, box);
    if (exact) deinterleave(box, w * h, out, offset);
    else bilinear(box, w, h, outW, outH, planar, out, offset);
  }

  private static void deinterleave(float[] pixels, int count, float[] out, int offset) {
    for (int c = 0; c < 3; c++) {
      for (int i = 0, p = c, o = offset + c * count; i < count; i++, p += 3) out[o + i] = pixels[p];
    }
  }

  /**
   * This thread's buffer for a box average that the bilinear step reads and drops. It is under twice the
   * target per side by construction (2.4 MB for a 224 tensor), so keeping the largest one is bounded.
   */
  private static float[] boxScratch(int length) {
    float[] buffer = BOX_SCRATCH.get();
    if (buffer.length < length) BOX_SCRATCH.set(buffer = new float[length]);
    return buffer;
  }

  /** How many times {@code size} is halved (rounding down) while it stays at least twice {@code target}. */
  private static int halvings(int size, int target) {
    int k = 0;
    while ((size >> k) >= 2 * target) k++;
    return k;
  }

  /** Rounds resized floats back to bytes (for thumbnails). */
  static byte[] toBytes(float[] pixels) {
    byte[] out = new byte[pixels.length];
    KERNELS.roundToBytes(pixels, out);
    return out;
  }

  /**
   * Averages boxes of {@code 2^kx x 2^ky} source pixels into {@code out} in one pass over the bytes; the
   * rows and columns past the last whole box are dropped. This is exactly what halving 2x2 boxes k times
   * gives (the float sums of byte values stay exact), without the full-size float images in between. Each
   * box row is first summed down its {@code 2^ky} source rows ({@link RowKernels}, SIMD where it can), then
   * across.
   */
  private static void boxAverage(byte[] src, int stride, Crop crop, int kx, int ky, int outW, int outH, float[] out) {
    int boxW = 1 << kx;
    int boxH = 1 << ky;
    float scale = 1f / (boxW * boxH);
    int span = outW * boxW * 3;
    int[] columns = new int[span];
    for (int y = 0, o = 0; y < outH; y++) {
      int p = ((crop.top() + y * boxH) * stride + crop.left()) * 3;
      KERNELS.set(src, p, columns, span);
      for (int row = 1; row < boxH; row++) KERNELS.add(src, p += stride * 3, columns, span);
      for (int level = 0, pixels = outW * boxW; level < kx; level++) { // halve across, in place
        pixels /= 2;
        for (int x = 0, d = 0, c = 0; x < pixels; x++, d += 3, c += 6) {
          columns[d] = columns[c] + columns[c + 3];
          columns[d + 1] = columns[c + 1] + columns[c + 4];
          columns[d + 2] = columns[c + 2] + columns[c + 5];
        }
      }
      for (int i = 0; i < outW * 3; i++) out[o++] = columns[i] * scale;
    }
  }

  /**
   * Bilinear with half-pixel centres; written as a + f * (b - a) so a flat area stays exactly flat. Source
   * rows are interpolated across once and kept while consecutive output rows share them. The interpolated
   * rows are already in the output's order (planar: a row's reds, then its greens, then its blues).
   */
  private static void bilinear(float[] src, int w, int h, int outW, int outH, boolean planar, float[] out,
                               int offset) {
    int rowLength = outW * 3;
    int[] left = new int[rowLength]; // per output value: its two source values in a row, and the weight
    int[] right = new int[rowLength];
    float[] weight = new float[rowLength];
    for (int x = 0; x < outW; x++) {
      double sx = Math.min(Math.max((x + 0.5) * w / outW - 0.5, 0), w - 1);
      for (int k = 0; k < 3; k++) {
        int j = planar ? k * outW + x : 3 * x + k;
        left[j] = (int) sx * 3 + k;
        right[j] = Math.min((int) sx + 1, w - 1) * 3 + k;
        weight[j] = (float) (sx - (int) sx);
      }
    }
    float[] upper = new float[rowLength];
    float[] lower = new float[rowLength];
    int upperRow = -1;
    int lowerRow = -1;
    int plane = outW * outH;
    for (int y = 0; y < outH; y++) {
      double sy = Math.min(Math.max((y + 0.5) * h / outH - 0.5, 0), h - 1);
      int top = (int) sy;
      int bottom = Math.min(top + 1, h - 1);
      float fy = (float) (sy - top);
      if (top == lowerRow) { // moving down one source row: the last lower row is this upper one
        float[] swap = upper;
        upper = lower;
        lower = swap;
        lowerRow = upperRow;
        upperRow = top;
      }
      if (top != upperRow) {
        KERNELS.interpolate(src, top * w * 3, left, right, weight, upper);
        upperRow = top;
      }
      if (bottom != lowerRow) {
        KERNELS.interpolate(src, bottom * w * 3, left, right, weight, lower);
        lowerRow = bottom;
      }
      if (!planar) {
        KERNELS.lerp(upper, lower, 0, fy, out, offset + y * rowLength, rowLength);
        continue;
      }
      for (int c = 0; c < 3; c++) KERNELS.lerp(upper, lower, c * outW, fy, out, offset + c * plane + y * outW, outW);
    }
  }
}
