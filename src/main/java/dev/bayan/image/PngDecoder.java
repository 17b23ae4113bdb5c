package dev.bayan.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * PNG straight to RGB over white: the chunks are read in place, the image data is inflated at once into
 * one buffer of filtered rows ({@link PngInflater}), and each row is unfiltered in place (runs of Average and
 * Paeth rows several at a time, {@link RowKernels#rowsUnfilter}; Sub and Up rows in words of bytes) and
 * converted.
 *
 * <p>The JDK's reader goes through streams, a full-size raster and then our copy to RGB: with the same zlib
 * it costs 1.5x this on the corpus mean, and up to 20x on 1/2/4-bit palettes (packed samples read one by
 * one). The pixels are the Java path's exactly (ImageIO, then {@link RgbPixels}): grey copied as is, alpha
 * composited over white by the same rule. It declines ({@code null}) what it does not cover, so the Java
 * path keeps its one answer there: interlaced or 16-bit images, an ICC profile, a transparent colour key on
 * grey or RGB, and anything malformed or truncated. No scaling, so that PNG pixels (and the vectors and
 * hashes stored from them) stay those of the Java path.
 */
final class PngDecoder implements FastDecoder {
  private static final int SIGNATURE_AND_HEADER = 8 + 8 + 13 + 4;
  private static final RowKernels KERNELS = RowKernels.BEST;
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private final PngInflater inflater;

  /** {@code inflater}: libdeflate where it loaded, else the JDK's zlib. */
  PngDecoder(PngInflater inflater) {
    this.inflater = inflater;
  }

  @Override
  public RgbImage decode(byte[] b, int minSide, long maxPixels) {
    if (b.length < SIGNATURE_AND_HEADER || be32(b, 8) != 13 || !type(b, 12, "IHDR")) return null;
    long width = be32(b, 16) & 0xFFFFFFFFL;
    long height = be32(b, 20) & 0xFFFFFFFFL;
    int depth = b[24];
    int colourType = b[25];
    if (b[26] != 0 || b[27] != 0 || b[28] != 0) return null; // compression, filter method, interlace
    int channels = channels(colourType, depth);
    if (channels == 0) return null;
    ContainerChecks.requirePixels(width, height, maxPixels);
    Chunks chunks = Chunks.read(b);
    if (chunks == null || chunks.icc) return null;
    byte[] palette = null;
    if (colourType == 3) {
      palette = chunks.palette(b, depth);
      if (palette == null) return null;
    } else if (chunks.transparencyAt >= 0) {
      return null;
    }
    return decodeRows(b, chunks, (int) width, (int) height, depth, colourType, channels, palette);
  }

  /** Samples per pixel for the types and depths this decoder covers; 0 for the rest. */
  private static int channels(int colourType, int depth) {
    boolean low = depth == 1 || depth == 2 || depth == 4 || depth == 8;
    return switch (colourType) {
      case 0 -> low ? 1 : 0;
      case 3 -> low ? 1 : 0;
      case 2 -> depth == 8 ? 3 : 0;
      case 4 -> depth == 8 ? 2 : 0;
      case 6 -> depth == 8 ? 4 : 0;
      default -> 0;
    };
  }

  private RgbImage decodeRows(byte[] b, Chunks chunks, int width, int height, int depth, int colourType,
                              int channels, byte[] palette) {
    int stride = (int) (((long) width * channels * depth + 7) / 8) + 1; // filter type + samples
    long largest = Math.max((long) stride * height, 3L * width * height);
    if (largest > Integer.MAX_VALUE - 16) return null; // past a Java array: ImageIO's answer
    byte[] rows = new byte[stride * height];
    if (!inflater.inflate(b, chunks.dataOffset, chunks.dataLength, chunks.dataCount, rows)) return null;
    int bpp = Math.max(1, channels * depth / 8);
    byte[] out = new byte[width * height * 3];
    byte[] zeros = new byte[stride];
    RowKernels.RowsUnfilter several = KERNELS.rowsUnfilter(width, bpp);
    for (int y = 0, at = 0; y < height;) {
      byte[] above = y == 0 ? zeros : rows;
      int aboveAt = y == 0 ? 0 : at - stride;
      int done = several.unfilter(rows, at, stride, above, aboveAt, height - y);
      if (done == 0) {
        if (!unfilter(rows, at, above, aboveAt, stride, bpp)) return null;
        done = 1;
      }
      for (int end = y + done; y < end; y++, at += stride) {
        convert(rows, at, out, y * width * 3, width, depth, colourType, palette);
      }
    }
    return new RgbImage(width, height, out, ImageFormat.PNG.label(), width, height);
  }

  /** Undoes the filter of the row at {@code c} (its type byte, then {@code stride - 1} bytes) in place. */
  static boolean unfilter(byte[] cur, int c, byte[] prev, int p, int stride, int bpp) {
    int end = c + stride;
    int first = c + 1;
    switch (cur[c]) {
      case 0 -> { }
      case 1 -> sub(cur, first, end, bpp);
      case 2 -> up(cur, first, end, prev, p + 1);
      case 3 -> {
        for (int i = first, j = p + 1; i < end; i++, j++) {
          int left = i - bpp >= first ? cur[i - bpp] & 0xFF : 0;
          cur[i] += (byte) ((left + (prev[j] & 0xFF)) >>> 1);
        }
      }
      case 4 -> {
        int leftEdge = Math.min(end, first + bpp);
        for (int i = first, j = p + 1; i < leftEdge; i++, j++) cur[i] += prev[j]; // no left neighbour: "up"
        for (int i = leftEdge, j = p + 1 + bpp; i < end; i++, j++) {
          cur[i] += (byte) paeth(cur[i - bpp] & 0xFF, prev[j] & 0xFF, prev[j - bpp] & 0xFF);
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * Sub: each byte plus the one {@code bpp} before it, a pixel at a time as one int whose bytes add without
   * carries between them, the pixel before kept in a register. The plain byte loop ran at 1-6 ns a byte on
   * JDK 25 (each byte waits for the store of the one a pixel back). For a pixel of fewer than 4 bytes the int
   * also holds the next raw bytes, written back unchanged; the next pixel's int is read before this one is
   * written, so no read waits for an overlapping store (one byte a pixel is a byte loop with the same
   * register). Where the array ends the last bytes go one by one. Measured: 0.3-0.7 ns a byte.
   */
  private static void sub(byte[] cur, int first, int end, int bpp) {
    if (bpp == 1) { // one byte a pixel: the int of the next pixel would overlap this one's write
      int left = cur[first];
      for (int i = first + 1; i < end; i++) cur[i] = (byte) (left += cur[i]);
      return;
    }
    int mask = bpp == 4 ? -1 : (1 << 8 * bpp) - 1;
    int left = 0; // the pixel before, in the low bpp bytes
    for (int k = 0; k < bpp; k++) left |= (cur[first + k] & 0xFF) << 8 * k;
    int i = first + bpp;
    boolean more = i < end && i + 4 <= cur.length;
    int raw = more ? (int) INT.get(cur, i) : 0;
    while (more) {
      left = addBytes(raw, left) & mask;
      int next = i + bpp;
      more = next < end && next + 4 <= cur.length;
      int nextRaw = more ? (int) INT.get(cur, next) : 0;
      INT.set(cur, i, left | raw & ~mask);
      raw = nextRaw;
      i = next;
    }
    for (; i < end; i++) cur[i] += cur[i - bpp];
  }

  /** Up: each byte plus the one above it, 8 bytes at a time (about 15x the byte loop's speed). */
  private static void up(byte[] cur, int first, int end, byte[] prev, int above) {
    int i = first;
    for (int j = above; i + 8 <= end; i += 8, j += 8) {
      long a = (long) LONG.get(cur, i);
      long b = (long) LONG.get(prev, j);
      LONG.set(cur, i, ((a & LOW7) + (b & LOW7)) ^ ((a ^ b) & ~LOW7));
    }
    for (int j = above + (i - first); i < end; i++, j++) cur[i] += prev[j];
  }

  /** The four bytes of {@code a} and {@code b} added byte by byte, modulo 256 each. */
  private static int addBytes(int a, int b) {
    return ((a & 0x7F7F7F7F) + (b & 0x7F7F7F7F)) ^ ((a ^ b) & 0x80808080);
  }

  /** The predictor closest to left + up - upLeft, ties to left then up; two selects and no branch. */
  private static int paeth(int left, int up, int upLeft) {
    int pa = Math.abs(up - upLeft);
    int pb = Math.abs(left - upLeft);
    int pc = Math.abs(left + up - 2 * upLeft);
    int upOrUpLeft = pb <= pc ? up : upLeft;
    int distance = Math.min(pb, pc);
    return pa <= distance ? left : upOrUpLeft;
  }

  /** One unfiltered row (at {@code r}, its type byte first) to RGB at {@code o}. */
  private static void convert(byte[] row, int r, byte[] out, int o, int width, int depth, int colourType,
                              byte[] palette) {
    switch (colourType) {
      case 2 -> System.arraycopy(row, r + 1, out, o, width * 3);
      case 6 -> RgbPixels.overWhite(row, r + 1, out, o, width);
      case 4 -> {
        for (int x = 0, p = r + 1; x < width; x++, p += 2, o += 3) {
          byte grey = RgbPixels.overWhite(row[p] & 0xFF, row[p + 1] & 0xFF, false);
          out[o] = grey;
          out[o + 1] = grey;
          out[o + 2] = grey;
        }
      }
      default -> { // grey or palette, 1 to 8 bits a sample, the first sample in the high bits
        int mask = (1 << depth) - 1;
        int perByteLog = Integer.numberOfTrailingZeros(8 / depth);
        int scale = 255 / mask; // grey: 1 -> 255, 2 -> 85, 4 -> 17, 8 -> 1, exact as the Java path's rounding
        for (int x = 0; x < width; x++, o += 3) {
          int shift = 8 - depth - (x & ((1 << perByteLog) - 1)) * depth;
          int v = ((row[r + 1 + (x >>> perByteLog)] & 0xFF) >>> shift) & mask;
          if (palette != null) {
            out[o] = palette[v * 3];
            out[o + 1] = palette[v * 3 + 1];
            out[o + 2] = palette[v * 3 + 2];
          } else {
            byte grey = (byte) (v * scale);
            out[o] = grey;
            out[o + 1] = grey;
            out[o + 2] = grey;
          }
        }
      }
    }
  }

  /** Where the chunks this decoder needs lie in the file; {@code null} when the chunk list is malformed. */
  private static final class Chunks {
    int paletteAt = -1;
    int paletteLength;
    int transparencyAt = -1;
    int transparencyLength;
    boolean icc;
    int[] dataOffset = new int[8];
    int[] dataLength = new int[8];
    int dataCount;

    /**
     * The chunks before the image data and its one run of consecutive IDATs. Chunks after that run that
     * could change the pixels (PLTE, tRNS, iCCP, more IDATs) are against the specification and ImageIO
     * treats them differently by colour type: such a file is declined ({@code null}), as is a truncated one.
     */
    static Chunks read(byte[] b) {
      Chunks c = new Chunks();
      boolean dataOver = false;
      int pos = 8;
      while (pos + 12 <= b.length) {
        long length = be32(b, pos) & 0xFFFFFFFFL;
        int data = pos + 8;
        if (data + length + 4 > b.length) return null; // truncated
        boolean imageData = type(b, pos + 4, "IDAT");
        if (type(b, pos + 4, "IEND")) break;
        dataOver |= !imageData && c.dataCount > 0;
        if (dataOver && (imageData || type(b, pos + 4, "PLTE") || type(b, pos + 4, "tRNS")
            || type(b, pos + 4, "iCCP"))) {
          return null;
        }
        if (imageData) {
          c.addData(data, (int) length);
        } else if (!dataOver) {
          c.metadata(b, pos + 4, data, (int) length); // other chunks after the image data change nothing
        }
        pos = (int) (data + length + 4);
      }
      return c.dataCount == 0 ? null : c;
    }

    private void metadata(byte[] b, int type, int data, int length) {
      if (type(b, type, "PLTE")) {
        paletteAt = data;
        paletteLength = length;
      } else if (type(b, type, "tRNS")) {
        transparencyAt = data;
        transparencyLength = length;
      } else if (type(b, type, "iCCP")) {
        icc = true;
      }
    }

    private void addData(int offset, int length) {
      if (dataCount == dataOffset.length) {
        dataOffset = Arrays.copyOf(dataOffset, dataCount * 2);
        dataLength = Arrays.copyOf(dataLength, dataCount * 2);
      }
      dataOffset[dataCount] = offset;
      dataLength[dataCount++] = length;
    }

    /**
     * RGB triples for every index the depth allows, composited over white with the tRNS alphas; {@code null}
     * for a missing or malformed palette. Indices past the palette's end are black, as in the Java path.
     */
    byte[] palette(byte[] b, int depth) {
      int entries = paletteLength / 3;
      if (paletteAt < 0 || paletteLength % 3 != 0 || entries == 0 || entries > 256) return null;
      if (transparencyAt >= 0 && transparencyLength > 256) return null;
      byte[] lut = new byte[(1 << depth) * 3];
      for (int i = 0; i < Math.min(entries, 1 << depth); i++) {
        int alpha = transparencyAt >= 0 && i < transparencyLength ? b[transparencyAt + i] & 0xFF : 255;
        for (int c = 0; c < 3; c++) {
          lut[i * 3 + c] = RgbPixels.overWhite(b[paletteAt + i * 3 + c] & 0xFF, alpha, false);
        }
      }
      return lut;
    }
  }

  private static boolean type(byte[] b, int at, String name) {
    for (int i = 0; i < 4; i++) {
      if (b[at + i] != name.charAt(i)) return false;
    }
    return true;
  }

  private static int be32(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
  }
}
