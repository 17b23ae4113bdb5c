package dev.bayan.image;

/**
 * The image stage's inner loops over one row: byte rows summed into ints (the resize's box average), a row
 * of floats interpolated across (its bilinear step), and the running column sums of PDQ's box filter. The
 * JIT vectorises none of them (measured on JDK 25: a byte-to-int widening loop runs at about 1 ns a byte,
 * the same loop on ints ten times faster; float loops at an offset stay scalar too), so where the Vector API
 * module is present ({@code --add-modules jdk.incubator.vector}, as the scripts run) {@code VectorRowKernels}
 * from {@code src/main/java22} does them with SIMD, with the same results; elsewhere the plain loops here do.
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

  /** {@code sums[x] += in[offset + x]} for every x of {@code sums}. */
  void add(float[] in, int offset, float[] sums) {
    for (int x = 0; x < sums.length; x++) sums[x] += in[offset + x];
  }

  /** {@code sums[x] -= in[offset + x]} for every x of {@code sums}. */
  void subtract(float[] in, int offset, float[] sums) {
    for (int x = 0; x < sums.length; x++) sums[x] -= in[offset + x];
  }

  /** {@code out[offset + x] = sums[x] / count} for every x of {@code sums}. */
  void divide(float[] sums, float count, float[] out, int offset) {
    for (int x = 0; x < sums.length; x++) out[offset + x] = sums[x] / count;
  }

  private static RowKernels load() {
    RowKernels simd = Jdk22Classes.instantiate("dev.bayan.image.VectorRowKernels", RowKernels.class,
        "resizing and PDQ", "start the JVM with --add-modules jdk.incubator.vector");
    return simd != null ? simd : new RowKernels();
  }
}
