package dev.bayan.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels} with the Vector API. Byte rows: a quarter-width vector of bytes is zero-extended to a
 * full vector of ints and added. Interpolation: both source values of a lane are gathered. Column sums: plain
 * lane-wise adds, subtracts and divides. Luma rows: the source row is widened to ints once and each lane's
 * channels gathered. Colour ranges: a run's 48 bytes are compared with each channel's bounds in one or a few
 * vectors, and the three lane bits of a pixel are folded into one. RGBA rows: each lane sees its pixel's
 * alpha, clear pixels turn white, and RGB is packed by a shuffle. Each lane does the plain loop's arithmetic
 * in the same order, so the results are the same to the bit (PDQ's hashes stay equal to the reference's).
 */
final class VectorRowKernels extends RowKernels {
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  /** A quarter of the int width, but at least the smallest byte vector (64 bits, for 128-bit SSE ints). */
  private static final VectorSpecies<Byte> BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, INTS.vectorBitSize() / 4)));
  private static final int LANES = INTS.length();
  /** Bytes a widening step loads; only the first {@code LANES} of them are used. */
  private static final int LOADED = BYTES.length();
  private static final VectorSpecies<Byte> RUN_BYTES = ByteVector.SPECIES_PREFERRED;
  /** Vectors that cover a colour run's {@code 3 * RUN} bytes. */
  private static final int RUN_VECTORS = Math.ceilDiv(3 * ColourRange.RUN, RUN_BYTES.length());
  /** The bit of each pixel's first byte in a run's byte mask: 0, 3, 6, ... */
  private static final long PIXEL_STARTS = pixelStarts();
  /** RGBA pixels in one vector of {@code RUN_BYTES}, and the lanes their RGB fills. */
  private static final int RGBA_PIXELS = RUN_BYTES.length() / 4;
  private static final VectorShuffle<Byte> ALPHA_OF = VectorShuffle.fromOp(RUN_BYTES, i -> (i & ~3) + 3);
  private static final VectorShuffle<Byte> PACK_RGB =
      VectorShuffle.fromOp(RUN_BYTES, i -> i < 3 * RGBA_PIXELS ? i / 3 * 4 + i % 3 : 0);
  /** RGB pixels spread to one per 4 bytes (the fourth byte is any of the three, cleared after). */
  private static final VectorShuffle<Byte> SPREAD_RGB =
      VectorShuffle.fromOp(RUN_BYTES, i -> i / 4 * 3 + Math.min(i % 4, 2));
  private static final VectorMask<Byte> RGB_LANES = RUN_BYTES.indexInRange(0, 3 * RGBA_PIXELS);

  /** Rows a PNG unfilter step takes at once: four int lanes each. */
  private static final int WAVE_ROWS = LANES / 4;
  /** One RGBA pixel of each of those rows. */
  private static final VectorSpecies<Byte> WAVE_BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, 32 * WAVE_ROWS)));
  /** Lane i takes lane i - 4: each row gets the values of the row above it. */
  private static final VectorShuffle<Integer> ROW_BELOW = VectorShuffle.fromOp(INTS, i -> Math.max(0, i - 4));
  private static final VectorMask<Integer>[] WAVE_ROW_MASKS = waveRowMasks();

  VectorRowKernels() {
    if (LANES < 4 || FLOATS.length() != LANES) {
      throw new IllegalStateException("no SIMD ints and floats on this machine (" + LANES + " lanes)");
    }
  }

  @Override
  void set(byte[] src, int from, int[] sums, int n) {
    widenRow(src, from, sums, n);
  }

  private static void widenRow(byte[] src, int from, int[] sums, int n) {
    int i = 0;
    for (; i <= n - LOADED; i += LANES) widen(src, from + i).intoArray(sums, i);
    for (; i < n; i++) sums[i] = src[from + i] & 0xFF;
  }

  @Override
  void add(byte[] src, int from, int[] sums, int n) {
    int i = 0;
    for (; i <= n - LOADED; i += LANES) IntVector.fromArray(INTS, sums, i).add(widen(src, from + i)).intoArray(sums, i);
    for (; i < n; i++) sums[i] += src[from + i] & 0xFF;
  }

  @Override
  void interpolate(float[] src, int row, int[] left, int[] right, float[] weight, float[] dst) {
    int i = 0;
    for (; i <= dst.length - LANES; i += LANES) {
      FloatVector a = FloatVector.fromArray(FLOATS, src, row, left, i);
      FloatVector b = FloatVector.fromArray(FLOATS, src, row, right, i);
      a.add(FloatVector.fromArray(FLOATS, weight, i).mul(b.sub(a))).intoArray(dst, i);
    }
    for (; i < dst.length; i++) {
      float a = src[row + left[i]];
      dst[i] = a + weight[i] * (src[row + right[i]] - a);
    }
  }

  @Override
  void lerp(float[] upper, float[] lower, int from, float f, float[] out, int to, int n) {
    int i = 0;
    for (; i <= n - LANES; i += LANES) {
      FloatVector a = FloatVector.fromArray(FLOATS, upper, from + i);
      a.add(FloatVector.fromArray(FLOATS, lower, from + i).sub(a).mul(f)).intoArray(out, to + i);
    }
    for (; i < n; i++) {
      float a = upper[from + i];
      out[to + i] = a + f * (lower[from + i] - a);
    }
  }

  /**
   * Clamped to 0..255 first, then Math.round as truncation plus one where the fraction is at least a half:
   * floor(x + 0.5) exactly, where truncating {@code x + 0.5f} would round 0.49999997 up.
   */
  @Override
  void roundToBytes(float[] values, byte[] out) {
    int i = 0;
    for (; i <= values.length - LOADED; i += LANES) {
      FloatVector x = FloatVector.fromArray(FLOATS, values, i).max(0).min(255); // NaN stays NaN, then 0
      IntVector whole = (IntVector) x.convert(VectorOperators.F2I, 0);
      VectorMask<Integer> up = x.sub((FloatVector) whole.convert(VectorOperators.I2F, 0))
          .compare(VectorOperators.GE, 0.5f).cast(INTS);
      ((ByteVector) whole.add(1, up).convertShape(VectorOperators.I2B, BYTES, 0))
          .intoArray(out, i); // the lanes past LANES (zero) are rewritten by the next step or the tail
    }
    for (; i < values.length; i++) out[i] = (byte) Math.min(255, Math.max(0, Math.round(values[i])));
  }

  @Override
  void normalize(float[] values, int from, int n, float mean, float std) {
    int i = from;
    for (; i <= from + n - LANES; i += LANES) {
      FloatVector.fromArray(FLOATS, values, i).sub(mean).div(std).intoArray(values, i);
    }
    for (; i < from + n; i++) values[i] = (values[i] - mean) / std;
  }

  @Override
  void add(float[] in, int offset, float[] sums) {
    int x = 0;
    for (; x <= sums.length - LANES; x += LANES) {
      FloatVector.fromArray(FLOATS, sums, x).add(FloatVector.fromArray(FLOATS, in, offset + x)).intoArray(sums, x);
    }
    for (; x < sums.length; x++) sums[x] += in[offset + x];
  }

  @Override
  void subtract(float[] in, int offset, float[] sums) {
    int x = 0;
    for (; x <= sums.length - LANES; x += LANES) {
      FloatVector.fromArray(FLOATS, sums, x).sub(FloatVector.fromArray(FLOATS, in, offset + x)).intoArray(sums, x);
    }
    for (; x < sums.length; x++) sums[x] -= in[offset + x];
  }

  @Override
  void divide(float[] sums, int from, float count, float[] out, int to, int n) {
    int x = 0;
    for (; x <= n - LANES; x += LANES) {
      FloatVector.fromArray(FLOATS, sums, from + x).div(count).intoArray(out, to + x);
    }
    for (; x < n; x++) out[to + x] = sums[from + x] / count;
  }

  @Override
  ColourRange colourRange(int[] colour, int tolerance) {
    return new VectorColourRange(colour, tolerance);
  }

  /**
   * Compares bytes as unsigned: with the sign bit flipped, signed order is unsigned order. (The unsigned
   * comparisons were renamed between JDK 22 and 25, so the class compiled for 22 would not link on 25.)
   */
  private static final class VectorColourRange extends ColourRange {
    private static final byte SIGN = (byte) 0x80;
    private final ByteVector[] lows = new ByteVector[RUN_VECTORS];
    private final ByteVector[] highs = new ByteVector[RUN_VECTORS];

    VectorColourRange(int[] colour, int tolerance) {
      super(colour, tolerance);
      int lanes = RUN_BYTES.length();
      byte[] low = new byte[lanes];
      byte[] high = new byte[lanes];
      for (int v = 0; v < RUN_VECTORS; v++) {
        for (int i = 0; i < lanes; i++) {
          int channel = (v * lanes + i) % 3;
          low[i] = (byte) (this.low[channel] ^ SIGN);
          high[i] = (byte) (this.high[channel] ^ SIGN);
        }
        lows[v] = ByteVector.fromArray(RUN_BYTES, low, 0);
        highs[v] = ByteVector.fromArray(RUN_BYTES, high, 0);
      }
    }

    @Override
    long farPixels(byte[] src, int p, int pixels) {
      int lanes = RUN_BYTES.length();
      if (p + RUN_VECTORS * lanes > src.length) return super.farPixels(src, p, pixels); // the last run of an image
      long farBytes = 0;
      for (int v = 0; v < RUN_VECTORS; v++) {
        ByteVector bytes = ByteVector.fromArray(RUN_BYTES, src, p + v * lanes).lanewise(VectorOperators.XOR, SIGN);
        farBytes |= bytes.compare(VectorOperators.LT, lows[v]).or(bytes.compare(VectorOperators.GT, highs[v]))
            .toLong() << (v * lanes);
      }
      long far = Long.compress(farBytes | farBytes >>> 1 | farBytes >>> 2, PIXEL_STARTS);
      return far & ((1L << pixels) - 1);
    }
  }

  @Override
  RowsUnfilter rowsUnfilter(int width, int bpp) {
    boolean rgbOrRgba = bpp == 3 || bpp == 4;
    return WAVE_ROWS >= 2 && rgbOrRgba ? new WavefrontUnfilter(width, bpp) : super.rowsUnfilter(width, bpp);
  }

  /**
   * A left-to-right PNG filter (Sub, Average, Paeth) is a chain from pixel to pixel, so one row does not
   * vectorise; but pixel x of a row needs only pixels x-1 and x of the row above. So {@link #WAVE_ROWS} rows go
   * together on a diagonal: at step s, row k does its pixel s - k, four lanes (one per channel, RGB's fourth
   * unused) for each row. Left is the lane's own result of the step before, up and up-left are those of the
   * row above one and two steps before, one rearrange away; row 0 reads the row above from memory. Each lane
   * does the plain loop's arithmetic on ints, Average or Paeth chosen by mask: the same bytes. It takes
   * groups of Average and Paeth rows only: with a None, Sub or Up row among them, the corpus's clip art
   * unfiltered no faster than row by row.
   */
  private static final class WavefrontUnfilter extends RowsUnfilter {
    private static final VarHandle PIXEL = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private final int width;
    private final int bpp;
    /** The row above, one pixel to each 4 lanes; a vector of room after its end. */
    private final int[] aboveLanes;
    private final int[] types = new int[LANES];
    private final byte[] raw = new byte[4 * WAVE_ROWS];

    WavefrontUnfilter(int width, int bpp) {
      this.width = width;
      this.bpp = bpp;
      this.aboveLanes = new int[4 * width + LANES];
    }

    @Override
    int unfilter(byte[] rows, int at, int stride, byte[] above, int aboveAt, int rowsLeft) {
      // 4 bytes are read and written for RGB's 3: the group must not end at the array's last byte
      if (rowsLeft < WAVE_ROWS || at + (WAVE_ROWS - 1) * stride + 1 + (width - 1) * bpp + 4 > rows.length) return 0;
      for (int k = 0; k < WAVE_ROWS; k++) {
        int type = rows[at + k * stride];
        if (type != 3 && type != 4) return 0; // Average and Paeth only
        Arrays.fill(types, 4 * k, 4 * k + 4, type);
      }
      if (bpp == 4) {
        widenRow(above, aboveAt + 1, aboveLanes, 4 * width);
      } else {
        for (int x = 0, p = aboveAt + 1; x < width; x++, p += 3) {
          for (int c = 0; c < 3; c++) aboveLanes[4 * x + c] = above[p + c] & 0xFF;
        }
      }
      diagonal(rows, at, stride, IntVector.fromArray(INTS, types, 0));
      return WAVE_ROWS;
    }

    private void diagonal(byte[] rows, int at, int stride, IntVector type) {
      VectorMask<Integer> average = type.compare(VectorOperators.EQ, 3); // the others are Paeth
      int kept = bpp == 3 ? 0xFF000000 : 0; // RGB: the fourth byte read is the next pixel's, written back as it was
      IntVector zero = IntVector.zero(INTS);
      IntVector before = zero;
      IntVector twoBefore = zero;
      IntVector upLeftOfRow0 = zero;
      for (int s = 0, steps = width + WAVE_ROWS - 1; s < steps; s++) {
        for (int k = 0; k < WAVE_ROWS; k++) {
          int x = s - k;
          if (x >= 0 && x < width) PIXEL.set(raw, 4 * k, (int) PIXEL.get(rows, at + k * stride + 1 + x * bpp));
        }
        IntVector filtered =
            (IntVector) ByteVector.fromArray(WAVE_BYTES, raw, 0).convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
        IntVector upOfRow0 = s < width ? IntVector.fromArray(INTS, aboveLanes, 4 * s) : zero;
        IntVector left = before;
        IntVector up = before.rearrange(ROW_BELOW).blend(upOfRow0, WAVE_ROW_MASKS[0]);
        IntVector upLeft = twoBefore.rearrange(ROW_BELOW).blend(upLeftOfRow0, WAVE_ROW_MASKS[0]);
        if (s < WAVE_ROWS) { // row s is at its first pixel: nothing to its left
          left = left.blend(0, WAVE_ROW_MASKS[s]);
          upLeft = upLeft.blend(0, WAVE_ROW_MASKS[s]);
        }
        IntVector pa = up.sub(upLeft).abs();
        IntVector pb = left.sub(upLeft).abs();
        IntVector pc = left.add(up).sub(upLeft).sub(upLeft).abs();
        IntVector nearest = upLeft.blend(up, pb.compare(VectorOperators.LE, pc))
            .blend(left, pa.compare(VectorOperators.LE, pb).and(pa.compare(VectorOperators.LE, pc)));
        IntVector predicted = nearest.blend(left.add(up).lanewise(VectorOperators.LSHR, 1), average);
        IntVector out = filtered.add(predicted).and(0xFF);
        IntVector packed = ((ByteVector) out.convertShape(VectorOperators.I2B, WAVE_BYTES, 0)).reinterpretAsInts();
        for (int k = 0; k < WAVE_ROWS; k++) {
          int x = s - k;
          if (x < 0 || x >= width) continue;
          int o = at + k * stride + 1 + x * bpp;
          PIXEL.set(rows, o, packed.lane(k) & ~kept | (int) PIXEL.get(rows, o) & kept);
        }
        twoBefore = before;
        before = out;
        upLeftOfRow0 = upOfRow0;
      }
    }
  }

  @Override
  LumaRow lumaRow(int[] at, int rowBytes, float wr, float wg, float wb) {
    return new VectorLumaRow(at, rowBytes, wr, wg, wb);
  }

  /**
   * Packs the source row into one int per pixel once (R | G << 8 | B << 16, a byte shuffle per vector),
   * then gathers one int per output lane: a third of the gathers of one per channel, which bound this loop.
   */
  private static final class VectorLumaRow extends LumaRow {
    private final int[] pixels;
    private final int[] columns;

    VectorLumaRow(int[] at, int rowBytes, float wr, float wg, float wb) {
      super(at, wr, wg, wb);
      pixels = new int[rowBytes / 3];
      columns = new int[at.length];
      for (int x = 0; x < at.length; x++) columns[x] = at[x] / 3;
    }

    @Override
    boolean sample(byte[] rgb, int row, float[] out, int offset) {
      packPixels(rgb, row, pixels);
      boolean grey = true;
      int x = 0;
      for (; x <= columns.length - LANES; x += LANES) {
        IntVector pixel = IntVector.fromArray(INTS, pixels, 0, columns, x);
        IntVector r = pixel.and(0xFF);
        IntVector g = pixel.lanewise(VectorOperators.LSHR, 8).and(0xFF);
        IntVector b = pixel.lanewise(VectorOperators.LSHR, 16);
        grey &= !r.compare(VectorOperators.NE, g).or(g.compare(VectorOperators.NE, b)).anyTrue();
        floats(r).mul(wr).add(floats(g).mul(wg)).add(floats(b).mul(wb)).intoArray(out, offset + x);
      }
      for (; x < columns.length; x++) {
        int pixel = pixels[columns[x]];
        int r = pixel & 0xFF;
        int g = (pixel >>> 8) & 0xFF;
        int b = pixel >>> 16;
        grey &= r == g && g == b;
        out[offset + x] = wr * r + wg * g + wb * b;
      }
      return grey;
    }

    private static void packPixels(byte[] rgb, int from, int[] pixels) {
      int x = 0;
      for (int p = from; x <= pixels.length - RGBA_PIXELS && p + RUN_BYTES.length() <= rgb.length;
          x += RGBA_PIXELS, p += 3 * RGBA_PIXELS) {
        ByteVector.fromArray(RUN_BYTES, rgb, p).rearrange(SPREAD_RGB).reinterpretAsInts().and(0xFFFFFF)
            .intoArray(pixels, x);
      }
      for (int p = from + 3 * x; x < pixels.length; x++, p += 3) {
        pixels[x] = (rgb[p] & 0xFF) | (rgb[p + 1] & 0xFF) << 8 | (rgb[p + 2] & 0xFF) << 16;
      }
    }

    private static FloatVector floats(IntVector v) {
      return (FloatVector) v.convert(VectorOperators.I2F, 0);
    }
  }

  @Override
  int opaqueOrClear(byte[] rgba, int p, byte[] rgb, int o, int pixels) {
    int n = 0;
    for (; n + RGBA_PIXELS <= pixels && p + RUN_BYTES.length() <= rgba.length;
        n += RGBA_PIXELS, p += 4 * RGBA_PIXELS, o += 3 * RGBA_PIXELS) {
      ByteVector v = ByteVector.fromArray(RUN_BYTES, rgba, p);
      ByteVector alpha = v.rearrange(ALPHA_OF);
      VectorMask<Byte> clear = alpha.compare(VectorOperators.EQ, (byte) 0);
      if (!clear.or(alpha.compare(VectorOperators.EQ, (byte) -1)).allTrue()) break;
      v.blend((byte) -1, clear).rearrange(PACK_RGB).intoArray(rgb, o, RGB_LANES);
    }
    return n + super.opaqueOrClear(rgba, p, rgb, o, pixels - n);
  }

  /** Mask k covers the four lanes of row k of an unfilter step. */
  @SuppressWarnings("unchecked")
  private static VectorMask<Integer>[] waveRowMasks() {
    VectorMask<Integer>[] masks = new VectorMask[Math.max(1, WAVE_ROWS)];
    for (int k = 0; k < masks.length; k++) {
      boolean[] lanes = new boolean[LANES];
      Arrays.fill(lanes, 4 * k, Math.min(LANES, 4 * k + 4), true);
      masks[k] = VectorMask.fromArray(INTS, lanes, 0);
    }
    return masks;
  }

  private static long pixelStarts() {
    long bits = 0;
    for (int i = 0; i < ColourRange.RUN; i++) bits |= 1L << (3 * i);
    return bits;
  }

  private static IntVector widen(byte[] src, int from) {
    return (IntVector) ByteVector.fromArray(BYTES, src, from).convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
  }
}
