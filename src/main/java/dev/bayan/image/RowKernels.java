package dev.bayan.image;

/**
 * The image stage's inner loops over one row: byte rows summed into ints (the resize's box average), a row
 * of floats interpolated across (its bilinear step), the running column sums of PDQ's box filter, a row of
 * luma sampled from RGB (PDQ's input), the pixels of a run that are off a colour (the border trim's test),
 * and RGBA pixels that are opaque or clear put over white (PNG rows). The JIT vectorises none of them
 * (measured on JDK 25: a byte-to-int widening loop runs at about 1 ns a byte, the same loop on ints ten times
 * faster; float loops at an offset stay scalar too), so where the Vector API module is present
 * ({@code --add-modules jdk.incubator.vector}, as the scripts run) {@code VectorRowKernels} from
 * {@code src/main/java22} does them with SIMD, with the same results; elsewhere the plain loops here do.
 * The SIMD kernels also unfilter PNG rows several at a time; here PngDecoder does that row by row.
 */
class RowKernels {
  static final RowKernels BEST = load();

  /** {@code sums[i] = src[from + i] & 0xFF} for {@code i < n}. */
  void set(byte[] src, int from, int[] sums, int n) {
    for (int i = 0; i < n; i++) sums[i] = src[from + i] & 0xFF;
  }

  /** {@code sums[i] += src[from + i] & 0xFF} for {@code i < n}. */
  void add(byte[] src, int from, int[] sums, int n) {
    for (int i = 0; i < n; i++) sums[i] += src[from + i] & 0xFF;
  }

  /** {@code dst[i] = a + weight[i] * (b - a)}, a and b the values at {@code row + left[i]}, {@code row + right[i]}. */
  void interpolate(float[] src, int row, int[] left, int[] right, float[] weight, float[] dst) {
    for (int i = 0; i < dst.length; i++) {
      float a = src[row + left[i]];
      dst[i] = a + weight[i] * (src[row + right[i]] - a);
    }
  }

  /**
   * {@code out[to + i] = a + f * (b - a)} for {@code i < n}, a and b the values at {@code from + i} of
   * {@code upper} and {@code lower}: the bilinear step between two interpolated rows.
   */
  void lerp(float[] upper, float[] lower, int from, float f, float[] out, int to, int n) {
    for (int i = 0; i < n; i++) {
      float a = upper[from + i];
      out[to + i] = a + f * (lower[from + i] - a);
    }
  }

  /** {@code out[i] = Math.round(values[i])} clamped to 0..255, for every i of {@code values}. */
  void roundToBytes(float[] values, byte[] out) {
    for (int i = 0; i < values.length; i++) out[i] = (byte) Math.min(255, Math.max(0, Math.round(values[i])));
  }

  /** {@code values[i] = (values[i] - mean) / std} for {@code from <= i < from + n}, in place. */
  void normalize(float[] values, int from, int n, float mean, float std) {
    for (int i = from; i < from + n; i++) values[i] = (values[i] - mean) / std;
  }

  /** {@code sums[x] += in[offset + x]} for every x of {@code sums}. */
  void add(float[] in, int offset, float[] sums) {
    for (int x = 0; x < sums.length; x++) sums[x] += in[offset + x];
  }

  /** {@code sums[x] -= in[offset + x]} for every x of {@code sums}. */
  void subtract(float[] in, int offset, float[] sums) {
    for (int x = 0; x < sums.length; x++) sums[x] -= in[offset + x];
  }

  /** {@code out[to + x] = sums[from + x] / count} for {@code x < n}; {@code out} may be {@code sums}, in place. */
  void divide(float[] sums, int from, float count, float[] out, int to, int n) {
    for (int x = 0; x < n; x++) out[to + x] = sums[from + x] / count;
  }

  /** Each channel's range within {@code tolerance} of {@code colour} (an RGB triple). */
  ColourRange colourRange(int[] colour, int tolerance) {
    return new ColourRange(colour, tolerance);
  }

  /** Each channel's range around a colour; a pixel is near it when all three channels are in range. */
  static class ColourRange {
    /** The most pixels one {@link #farPixels} call judges. */
    static final int RUN = 16;
    final int[] low = new int[3];
    final int[] high = new int[3];

    ColourRange(int[] colour, int tolerance) {
      for (int c = 0; c < 3; c++) {
        low[c] = Math.max(0, colour[c] - tolerance);
        high[c] = Math.min(255, colour[c] + tolerance);
      }
    }

    /** Bit i is set when RGB pixel i of the {@code pixels} (1 to {@link #RUN}) from byte {@code p} is not near. */
    long farPixels(byte[] src, int p, int pixels) {
      long far = 0;
      for (int i = 0; i < pixels; i++, p += 3) {
        int r = src[p] & 0xFF;
        int g = src[p + 1] & 0xFF;
        int b = src[p + 2] & 0xFF;
        if (r < low[0] || r > high[0] || g < low[1] || g > high[1] || b < low[2] || b > high[2]) far |= 1L << i;
      }
      return far;
    }
  }

  /**
   * A sampler of luma rows: value x of a row is {@code wr * r + wg * g + wb * b} (in that order) of the pixel
   * at byte {@code at[x]} of a source row {@code rowBytes} long.
   */
  LumaRow lumaRow(int[] at, int rowBytes, float wr, float wg, float wb) {
    return new LumaRow(at, wr, wg, wb);
  }

  /** Samples one row of luma; see {@link #lumaRow}. */
  static class LumaRow {
    final int[] at;
    final float wr;
    final float wg;
    final float wb;

    LumaRow(int[] at, float wr, float wg, float wb) {
      this.at = at;
      this.wr = wr;
      this.wg = wg;
      this.wb = wb;
    }

    /**
     * Writes the row sampled from the source row at byte {@code row} into {@code out} at {@code offset}.
     * True when every sampled pixel was grey (R=G=B).
     */
    boolean sample(byte[] rgb, int row, float[] out, int offset) {
      boolean grey = true;
      for (int x = 0; x < at.length; x++) {
        int p = row + at[x];
        int r = rgb[p] & 0xFF;
        int g = rgb[p + 1] & 0xFF;
        int b = rgb[p + 2] & 0xFF;
        grey &= r == g && g == b;
        out[offset + x] = wr * r + wg * g + wb * b;
      }
      return grey;
    }
  }

  /** Undoes the PNG filters of several rows at once for an image of {@code width} pixels of {@code bpp} bytes. */
  RowsUnfilter rowsUnfilter(int width, int bpp) {
    return new RowsUnfilter();
  }

  /** The plain loops unfilter one row at a time (PngDecoder's own), so this one does none. */
  static class RowsUnfilter {
    /**
     * Unfilters rows from the one at {@code at} (its type byte first; {@code stride} apart; the row above at
     * {@code aboveAt} of {@code above}), at most {@code rowsLeft}, in place. Returns how many; 0 where it does
     * not take them, an unknown filter type among them included: the caller then unfilters the next row itself.
     */
    int unfilter(byte[] rows, int at, int stride, byte[] above, int aboveAt, int rowsLeft) {
      return 0;
    }
  }

  /**
   * Puts up to {@code pixels} RGBA pixels from {@code rgba[p]} over white into RGB at {@code rgb[o]}, stopping
   * at the first one partly clear: opaque ones keep their colour, clear ones turn white. Returns how many it
   * wrote; the caller converts the partly clear pixel itself and calls again after it.
   */
  int opaqueOrClear(byte[] rgba, int p, byte[] rgb, int o, int pixels) {
    int n = 0;
    for (; n < pixels; n++, p += 4, o += 3) {
      byte alpha = rgba[p + 3];
      if (alpha == -1) {
        rgb[o] = rgba[p];
        rgb[o + 1] = rgba[p + 1];
        rgb[o + 2] = rgba[p + 2];
      } else if (alpha == 0) {
        rgb[o] = rgb[o + 1] = rgb[o + 2] = -1;
      } else {
        break;
      }
    }
    return n;
  }

  private static RowKernels load() {
    RowKernels simd = Jdk22Classes.instantiate("dev.bayan.image.VectorRowKernels", RowKernels.class,
        "the image stage's row loops", "start the JVM with --add-modules jdk.incubator.vector");
    return simd != null ? simd : new RowKernels();
  }
}
