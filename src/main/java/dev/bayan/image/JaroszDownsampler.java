package dev.bayan.image;

/**
 * PDQ's downsample: a tent filter built from box filters (Jarosz, "Fast Image Convolutions",
 * SIGGRAPH 2001), then one sample at the centre of each output cell.
 *
 * <p>The float arithmetic (order of adds, subtracts and divides) follows Meta's reference, so the
 * blurred values and therefore the hash bits are identical to it, not merely close.
 */
final class JaroszDownsampler {
  /** Two X,Y passes of box filters make a tent. */
  static final int PASSES = 2;
  private static final RowKernels KERNELS = RowKernels.BEST;

  private JaroszDownsampler() {}

  /**
   * Box width along a dimension: half an output cell (rounded up), since two passes cover a cell.
   */
  static int windowSize(int oldDimension, int newDimension) {
    return (oldDimension + 2 * newDimension - 1) / (2 * newDimension);
  }

  /**
   * Blurs {@code luma} (row-major, {@code width x height}) in place, using {@code scratch} of the
   * same size, then decimates it to {@code side x side}.
   */
  static float[] downsample(float[] luma, float[] scratch, int width, int height, int side) {
    int alongRows = windowSize(width, side);
    int alongCols = windowSize(height, side);
    for (int pass = 0; pass < PASSES; pass++) {
      for (int row = 0; row < height; row++) boxRow(luma, scratch, row * width, width, alongRows);
      boxColumns(scratch, luma, width, height, alongCols);
    }
    return decimate(luma, width, height, side);
  }

  /**
   * One box filter over a row. The window is centred, shrinking at both ends: the first output
   * averages the first {@code window - half + 1} inputs, where {@code half = (window + 2) / 2}.
   */
  static void boxRow(float[] in, float[] out, int start, int length, int window) {
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

  /**
   * The same box filter down every column at once: walking rows keeps memory access sequential,
   * while each column's running sum sees exactly the additions a column-by-column pass would.
   */
  static void boxColumns(float[] in, float[] out, int width, int height, int window) {
    int half = (window + 2) / 2;
    float[] sums = new float[width];
    int count = 0;
    int next = 0; // next input row to add
    int drop = 0; // next input row to subtract
    int write = 0;
    for (int i = 0; i < half - 1; i++) {
      KERNELS.add(in, next++ * width, sums);
      count++;
    }
    for (int i = 0; i < window - half + 1; i++) {
      KERNELS.add(in, next++ * width, sums);
      count++;
      KERNELS.divide(sums, count, out, write++ * width);
    }
    for (int i = 0; i < height - window; i++) {
      KERNELS.add(in, next++ * width, sums);
      KERNELS.subtract(in, drop++ * width, sums);
      KERNELS.divide(sums, count, out, write++ * width);
    }
    for (int i = 0; i < half - 1; i++) {
      KERNELS.subtract(in, drop++ * width, sums);
      count--;
      KERNELS.divide(sums, count, out, write++ * width);
    }
  }

  /** Picks the input pixel under the centre of each output cell. */
  static float[] decimate(float[] in, int width, int height, int side) {
    float[] out = new float[side * side];
    for (int i = 0; i < side; i++) {
      int y = (int) (((i + 0.5) * height) / side);
      for (int j = 0; j < side; j++) {
        int x = (int) (((j + 0.5) * width) / side);
        out[i * side + j] = in[y * width + x];
      }
    }
    return out;
  }
}
