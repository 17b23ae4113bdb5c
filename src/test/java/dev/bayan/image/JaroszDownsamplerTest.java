package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class JaroszDownsamplerTest {
  /**
   * The four-rows-at-once box filter against the plain one-row loop (the reference's order of operations),
   * value for value: heights around multiples of 4 (the last group overlaps), windows from 1 to wide.
   */
  @Test
  void boxRowsGiveThePlainRowLoopsValuesExactly() {
    Random random = new Random(17);
    for (int width : new int[] {5, 17, 64, 130, 513}) {
      for (int height : new int[] {4, 5, 6, 7, 8, 13}) {
        for (int window : new int[] {1, 2, 3, 4, 5, 8}) {
          if (window > width) continue;
          float[] in = new float[width * height];
          for (int i = 0; i < in.length; i++) in[i] = random.nextInt(256) * 0.299f + random.nextInt(256) * 0.587f;
          float[] expected = new float[in.length];
          for (int row = 0; row < height; row++) {
            boxRow(in, expected, row * width, width, window);
          }
          float[] actual = new float[in.length];
          JaroszDownsampler.boxRows(in, actual, width, height, window);
          assertThat(actual).as("%dx%d, window %d", width, height, window).isEqualTo(expected);
        }
      }
    }
  }

  /**
   * The last column pass computed only at the samples against the whole blur and then one pixel at each
   * cell's centre (the reference's way): wide, tall, under 64 on a side (samples repeat) and at 64.
   */
  @Test
  void theSampledLastPassGivesTheWholeBlursSamplesExactly() {
    Random random = new Random(29);
    for (int[] size : new int[][] {{512, 512}, {512, 300}, {333, 512}, {64, 64}, {40, 70}, {100, 9}, {5, 5}}) {
      int width = size[0];
      int height = size[1];
      float[] luma = new float[width * height];
      for (int i = 0; i < luma.length; i++) luma[i] = random.nextInt(256) * 0.299f + random.nextInt(256) * 0.114f;
      float[] plane = luma.clone();
      float[] scratch = new float[luma.length];
      int alongRows = JaroszDownsampler.windowSize(width, 64);
      int alongCols = JaroszDownsampler.windowSize(height, 64);
      for (int pass = 0; pass < JaroszDownsampler.PASSES; pass++) {
        JaroszDownsampler.boxRows(plane, scratch, width, height, alongRows);
        JaroszDownsampler.boxColumns(scratch, plane, width, height, alongCols);
      }
      float[] expected = new float[64 * 64];
      for (int i = 0; i < 64; i++) {
        int y = (int) (((i + 0.5) * height) / 64);
        for (int j = 0; j < 64; j++) expected[i * 64 + j] = plane[y * width + (int) (((j + 0.5) * width) / 64)];
      }
      float[] actual = JaroszDownsampler.downsample(luma, new float[luma.length], width, height, 64);
      assertThat(actual).as("%dx%d", width, height).isEqualTo(expected);
    }
  }

  /** The reference's box filter over one row, as Meta's C++ writes it: the oracle for the grouped rows. */
  private static void boxRow(float[] in, float[] out, int start, int length, int window) {
    int half = (window + 2) / 2;
    float sum = 0;
    int count = 0;
    int next = start; // next input to add
    int drop = start; // next input to subtract
    int write = start;
    for (int i = 0; i < half - 1; i++) {
      sum += in[next++];
      count++;
    }
    for (int i = 0; i < window - half + 1; i++) {
      sum += in[next++];
      count++;
      out[write++] = sum / count;
    }
    for (int i = 0; i < length - window; i++) {
      sum += in[next++];
      sum -= in[drop++];
      out[write++] = sum / count;
    }
    for (int i = 0; i < half - 1; i++) {
      sum -= in[drop++];
      count--;
      out[write++] = sum / count;
    }
  }
}
