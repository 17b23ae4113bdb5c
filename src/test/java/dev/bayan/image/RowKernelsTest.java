package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SIMD row kernels must give the plain loops' results to the bit, tails included: vectors and PDQ bits
 * must not move.
 */
class RowKernelsTest {
  private final RowKernels plain = new RowKernels();

  @Test
  void theSimdKernelsLoadWhereTheVectorModuleIsPresent() {
    assumeTrue(Runtime.version().feature() >= 22, "the SIMD kernels are compiled for JDK 22+");
    // surefire runs with --add-modules jdk.incubator.vector, as the scripts do
    assertThat(RowKernels.BEST.getClass().getSimpleName()).isEqualTo("VectorRowKernels");
  }

  @Test
  void byteRowsSumAsThePlainLoopsDo() {
    Random random = new Random(3);
    byte[] src = new byte[5000];
    random.nextBytes(src);
    for (int n : new int[] {0, 1, 15, 16, 17, 1650, 4499}) {
      int from = random.nextInt(src.length - n);
      int[] expected = new int[n];
      int[] actual = new int[n];
      plain.set(src, from, expected, n);
      RowKernels.BEST.set(src, from, actual, n);
      assertThat(actual).as("set, n=%d", n).isEqualTo(expected);
      plain.add(src, from / 2, expected, n);
      RowKernels.BEST.add(src, from / 2, actual, n);
      assertThat(actual).as("add, n=%d", n).isEqualTo(expected);
      for (int v : actual) assertThat(v).as("unsigned sums of two bytes").isBetween(0, 510);
    }
  }

  @Test
  void interpolationAcrossARowMatchesThePlainLoop() {
    Random random = new Random(5);
    float[] src = new float[3 * 1000];
    for (int i = 0; i < src.length; i++) src[i] = random.nextInt(256) + random.nextFloat();
    for (int n : new int[] {3, 15, 48, 672, 675}) {
      int[] left = new int[n];
      int[] right = new int[n];
      float[] weight = new float[n];
      for (int i = 0; i < n; i++) {
        left[i] = random.nextInt(1500);
        right[i] = left[i] + 3;
        weight[i] = random.nextFloat();
      }
      float[] expected = new float[n];
      float[] actual = new float[n];
      plain.interpolate(src, 900, left, right, weight, expected);
      RowKernels.BEST.interpolate(src, 900, left, right, weight, actual);
      assertThat(actual).as("n=%d", n).isEqualTo(expected);
    }
  }

  @Test
  void rowLerpsAndNormalisationMatchThePlainLoops() {
    Random random = new Random(13);
    for (int n : new int[] {0, 1, 15, 16, 17, 224, 672, 1001}) {
      float[] upper = randomFloats(random, n + 40);
      float[] lower = randomFloats(random, n + 40);
      float f = random.nextFloat();
      float[] expected = new float[n + 60];
      float[] actual = new float[n + 60];
      plain.lerp(upper, lower, 7, f, expected, 11, n);
      RowKernels.BEST.lerp(upper, lower, 7, f, actual, 11, n);
      assertThat(actual).as("lerp, n=%d", n).isEqualTo(expected);
      assertThat(actual[10]).as("nothing written before the range").isZero();
      assertThat(actual[11 + n]).as("nothing written after the range").isZero();
      plain.normalize(expected, 5, n, 123.675f, 58.395f);
      RowKernels.BEST.normalize(actual, 5, n, 123.675f, 58.395f);
      assertThat(actual).as("normalize, n=%d", n).isEqualTo(expected);
      if (n > 0) assertThat(actual[5]).isEqualTo((0 - 123.675f) / 58.395f); // index 5 held 0: before the lerp's range
    }
  }

  @Test
  void roundingToBytesMatchesMathRoundClamped() {
    Random random = new Random(19);
    float[] edges = {0f, 0.49999997f, 0.5f, 0.50000006f, 1.5f, 2.5f, 127.49999f, 254.5f, 254.49998f, 255f, 255.4f,
        255.5f, 256f, 300.7f, -0.3f, -0.5f, -0.7f, -3f, -1e9f, 1e9f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Math.nextDown(1.5f), Math.nextUp(1.5f)};
    for (int n : new int[] {0, 1, 15, 16, 17, 31, 200, 1003}) {
      float[] values = new float[n];
      for (int i = 0; i < n; i++) {
        values[i] = random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)]
            : random.nextInt(256) + (random.nextBoolean() ? 0.5f : random.nextFloat());
      }
      byte[] expected = new byte[n];
      byte[] actual = new byte[n];
      plain.roundToBytes(values, expected);
      RowKernels.BEST.roundToBytes(values, actual);
      assertThat(actual).as("n=%d: %s", n, Arrays.toString(values)).isEqualTo(expected);
    }
    byte[] rounded = new byte[edges.length];
    plain.roundToBytes(edges, rounded);
    assertThat(rounded[1]).as("0.49999997 rounds down").isZero();
    assertThat(rounded[2]).as("0.5 rounds up").isEqualTo((byte) 1);
  }

  private static float[] randomFloats(Random random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) values[i] = random.nextFloat() * 255;
    return values;
  }

  @Test
  void columnSumsAndDivisionsMatchThePlainLoops() {
    Random random = new Random(9);
    float[] in = new float[4000];
    for (int i = 0; i < in.length; i++) in[i] = random.nextInt(256) * 0.7f;
    for (int width : new int[] {1, 5, 16, 17, 512, 1000}) {
      float[] expected = new float[width];
      float[] actual = new float[width];
      for (int row = 0; row < 3; row++) {
        plain.add(in, row * 7, expected);
        RowKernels.BEST.add(in, row * 7, actual);
      }
      plain.subtract(in, 100, expected);
      RowKernels.BEST.subtract(in, 100, actual);
      assertThat(actual).as("sums, width %d", width).isEqualTo(expected);
      float[] dividedPlain = new float[width + 9];
      float[] divided = new float[width + 9];
      plain.divide(expected, 0, 3, dividedPlain, 9, width);
      RowKernels.BEST.divide(actual, 0, 3, divided, 9, width);
      assertThat(divided).as("divided, width %d", width).isEqualTo(dividedPlain);
      plain.divide(dividedPlain, 9, 7, dividedPlain, 9, width); // in place, from an offset
      RowKernels.BEST.divide(divided, 9, 7, divided, 9, width);
      assertThat(divided).as("divided in place, width %d", width).isEqualTo(dividedPlain);
    }
  }

  /** Pixels on and around each channel's bounds, colours at the ends of the range, runs at the array's end. */
  @Test
  void colourRangesFindTheFarPixelsAsTheDefinitionSays() {
    Random random = new Random(11);
    int tolerance = 12;
    int[][] colours = {{0, 0, 0}, {255, 255, 255}, {128, 5, 250}, {12, 243, 100}};
    byte[] src = new byte[3 * 400];
    for (int[] colour : colours) {
      for (int i = 0; i < src.length; i++) {
        int offset = random.nextInt(2 * tolerance + 5) - tolerance - 2; // bounds and one past them
        src[i] = (byte) Math.clamp(colour[i % 3] + offset, 0, 255);
      }
      RowKernels.ColourRange simd = RowKernels.BEST.colourRange(colour, tolerance);
      RowKernels.ColourRange loops = plain.colourRange(colour, tolerance);
      for (int pixels = 1; pixels <= RowKernels.ColourRange.RUN; pixels++) {
        for (int p : new int[] {0, 3 * random.nextInt(300), src.length - 3 * pixels, src.length - 3 * 17}) {
          long expected = 0;
          for (int i = 0; i < pixels; i++) {
            for (int c = 0; c < 3; c++) {
              if (Math.abs((src[p + 3 * i + c] & 0xFF) - colour[c]) > tolerance) expected |= 1L << i;
            }
          }
          assertThat(loops.farPixels(src, p, pixels)).as("plain, %d pixels at %d", pixels, p).isEqualTo(expected);
          assertThat(simd.farPixels(src, p, pixels)).as("best, %d pixels at %d", pixels, p).isEqualTo(expected);
        }
      }
    }
  }

  /** Nearest-neighbour luma rows, tails included, and the grey flag: one coloured pixel must clear it. */
  @Test
  void lumaRowsMatchThePlainLoop() {
    Random random = new Random(13);
    int sourceWidth = 1000;
    byte[] rgb = new byte[3 * sourceWidth * 2];
    random.nextBytes(rgb);
    for (int x = 0; x < sourceWidth; x++) { // the second row is grey
      int p = 3 * (sourceWidth + x);
      rgb[p + 1] = rgb[p];
      rgb[p + 2] = rgb[p];
    }
    for (int width : new int[] {1, 15, 16, 17, 512, 700}) {
      int[] at = new int[width];
      for (int x = 0; x < width; x++) at[x] = 3 * (int) ((long) x * sourceWidth / width);
      RowKernels.LumaRow simd = RowKernels.BEST.lumaRow(at, 3 * sourceWidth, 0.299f, 0.587f, 0.114f);
      RowKernels.LumaRow loops = plain.lumaRow(at, 3 * sourceWidth, 0.299f, 0.587f, 0.114f);
      for (int row : new int[] {0, 3 * sourceWidth}) {
        float[] expected = new float[width + 5];
        float[] actual = new float[width + 5];
        boolean grey = loops.sample(rgb, row, expected, 5);
        assertThat(simd.sample(rgb, row, actual, 5)).as("grey, width %d, row %d", width, row).isEqualTo(grey);
        assertThat(grey).isEqualTo(row > 0);
        assertThat(actual).as("width %d, row %d", width, row).isEqualTo(expected);
      }
      int last = 3 * sourceWidth + at[width - 1];
      for (int channel : new int[] {1, 2}) { // one coloured pixel, in the vector tail or the last lane
        rgb[last + channel] ^= 1;
        assertThat(simd.sample(rgb, 3 * sourceWidth, new float[width], 0)).as("width %d", width).isFalse();
        rgb[last + channel] ^= 1;
      }
    }
  }

  /** Runs of opaque, clear and partly clear pixels, a run ending at the array's end included. */
  @Test
  void opaqueAndClearPixelsGoOverWhiteAsTheDefinitionSays() {
    Random random = new Random(17);
    int pixels = 700;
    byte[] rgba = new byte[4 * pixels];
    random.nextBytes(rgba);
    for (int x = 0; x < pixels; ) { // runs of 1 to 40 pixels of one kind
      int kind = random.nextInt(3);
      for (int end = Math.min(pixels, x + 1 + random.nextInt(40)); x < end; x++) {
        if (kind < 2) rgba[4 * x + 3] = (byte) (kind == 0 ? 255 : 0);
        else rgba[4 * x + 3] = (byte) (1 + random.nextInt(254));
      }
    }
    byte[] expected = new byte[3 * pixels];
    for (int x = 0; x < pixels; x++) {
      int alpha = rgba[4 * x + 3] & 0xFF;
      for (int c = 0; c < 3; c++) expected[3 * x + c] = RgbPixels.overWhite(rgba[4 * x + c] & 0xFF, alpha, false);
    }
    for (RowKernels kernels : new RowKernels[] {plain, RowKernels.BEST}) {
      for (int from : new int[] {0, 5, pixels - 20}) {
        byte[] rgb = new byte[3 * pixels];
        for (int x = from; x < pixels; x++) {
          int run = kernels.opaqueOrClear(rgba, 4 * x, rgb, 3 * x, pixels - x);
          for (int k = x; k < x + run; k++) {
            assertThat(rgba[4 * k + 3]).as("%s: pixel %d is opaque or clear", kernels.getClass().getSimpleName(), k)
                .isIn((byte) 0, (byte) -1);
          }
          x += run;
          if (x == pixels) break;
          int alpha = rgba[4 * x + 3] & 0xFF;
          for (int c = 0; c < 3; c++) rgb[3 * x + c] = RgbPixels.overWhite(rgba[4 * x + c] & 0xFF, alpha, false);
        }
        assertThat(Arrays.copyOfRange(rgb, 3 * from, rgb.length))
            .as("%s from pixel %d", kernels.getClass().getSimpleName(), from)
            .isEqualTo(Arrays.copyOfRange(expected, 3 * from, expected.length));
      }
    }
  }

  /**
   * Filtered rows of every filter type, in runs with and without Average or Paeth, of 1 to 4 bytes a pixel,
   * against the PNG specification's reconstruction; the SIMD kernel must take some rows itself.
   */
  @Test
  void pngRowsUnfilterAsTheSpecificationSays() {
    Random random = new Random(23);
    int taken = 0;
    for (int bpp = 1; bpp <= 4; bpp++) {
      for (int width : new int[] {1, 2, 3, 5, 17, 64, 301}) {
        for (int height : new int[] {1, 3, 4, 5, 9, 16, 33}) {
          int stride = width * bpp + 1;
          byte[] filtered = new byte[stride * height];
          random.nextBytes(filtered);
          boolean chainless = random.nextInt(4) == 0; // only None, Sub and Up
          for (int y = 0; y < height; y++) { // mostly Average and Paeth, the rows the SIMD kernel takes
            boolean plainRow = chainless || random.nextInt(8) == 0;
            filtered[y * stride] = (byte) (plainRow ? random.nextInt(3) : 3 + random.nextInt(2));
          }
          byte[] expected = reconstructed(filtered, stride, height, bpp);
          for (RowKernels kernels : new RowKernels[] {plain, RowKernels.BEST}) {
            byte[] rows = filtered.clone();
            taken += unfilterAll(kernels, rows, stride, height, bpp);
            assertThat(rows).as("%s, %d bytes a pixel, %dx%d", kernels.getClass().getSimpleName(), bpp, width, height)
                .isEqualTo(expected);
          }
        }
      }
    }
    boolean simdUnfilter = RowKernels.BEST.rowsUnfilter(8, 4).getClass() != RowKernels.RowsUnfilter.class;
    if (simdUnfilter) assertThat(taken).as("rows the SIMD kernel unfiltered").isPositive();
  }

  @Test
  void anUnknownPngFilterTypeIsRefusedWithTheKernelToo() {
    int width = 40;
    int stride = 4 * width + 1;
    byte[] rows = new byte[stride * 8];
    new Random(5).nextBytes(rows);
    for (int y = 0; y < 8; y++) rows[y * stride] = 4;
    rows[5 * stride] = 5;
    assertThat(unfilterAll(RowKernels.BEST, rows, stride, 8, 4)).isNegative();
  }

  /** The decoder's loop: the kernel's rows where it takes them, else PngDecoder's row; -1 for a bad row. */
  private static int unfilterAll(RowKernels kernels, byte[] rows, int stride, int height, int bpp) {
    RowKernels.RowsUnfilter several = kernels.rowsUnfilter((stride - 1) / bpp, bpp);
    byte[] zeros = new byte[stride];
    int taken = 0;
    for (int y = 0; y < height;) {
      byte[] above = y == 0 ? zeros : rows;
      int aboveAt = y == 0 ? 0 : (y - 1) * stride;
      int done = several.unfilter(rows, y * stride, stride, above, aboveAt, height - y);
      if (done == 0 && !PngDecoder.unfilter(rows, y * stride, above, aboveAt, stride, bpp)) return -1;
      taken += done;
      y += Math.max(1, done);
    }
    return taken;
  }

  /** PNG's reconstruction, byte by byte: Recon(x) = Filt(x) + predictor(a, b, c), Paeth as the standard writes it. */
  private static byte[] reconstructed(byte[] filtered, int stride, int height, int bpp) {
    byte[] out = filtered.clone();
    for (int y = 0; y < height; y++) {
      int row = y * stride;
      for (int i = 1; i < stride; i++) {
        int a = i - bpp >= 1 ? out[row + i - bpp] & 0xFF : 0;
        int b = y > 0 ? out[row - stride + i] & 0xFF : 0;
        int c = y > 0 && i - bpp >= 1 ? out[row - stride + i - bpp] & 0xFF : 0;
        int predictor = switch (filtered[row]) {
          case 0 -> 0;
          case 1 -> a;
          case 2 -> b;
          case 3 -> (a + b) / 2;
          default -> {
            int p = a + b - c;
            int pa = Math.abs(p - a);
            int pb = Math.abs(p - b);
            int pc = Math.abs(p - c);
            yield pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          }
        };
        out[row + i] = (byte) (filtered[row + i] + predictor);
      }
    }
    return out;
  }
}
