package dev.bayan.image;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resize's inner loops over one row: byte rows summed into ints (the box average) and a row of floats
 * interpolated across (the bilinear step). The JIT vectorises neither (measured on JDK 25: a byte-to-int
 * widening loop runs at about 1 ns a byte, the same loop on ints ten times faster), so where the Vector API
 * module is present ({@code --add-modules jdk.incubator.vector}, as the scripts run) {@code VectorRowKernels}
 * from {@code src/main/java22} does them with SIMD, with the same results; elsewhere the plain loops here do.
 */
class RowKernels {
  private static final Logger log = LoggerFactory.getLogger(RowKernels.class);
  static final RowKernels BEST = load();

  /** {@code sums[i] = src[from + i] & 0xFF} for {@code i < n}. */
  void set(byte[] src, int from, int[] sums, int n) {
    for (int i = 0; i < n; i++) sums[i] = src[from + i] & 0xFF;
  }

  /** {@code sums[i] += src[from + i] & 0xFF} for {@code i < n}. */
  void add(byte[] src, int from, int[] sums, int n) {
    for (int i = 0; i < n; i++) sums[i] += src[from + i] & 0xFF;
  }

  /** {@code dst[i] = a + weight[i] * (b - a)} with a, b the values at {@code row + left[i]} and {@code row + right[i]}. */
  void interpolate(float[] src, int row, int[] left, int[] right, float[] weight, float[] dst) {
    for (int i = 0; i < dst.length; i++) {
      float a = src[row + left[i]];
      dst[i] = a + weight[i] * (src[row + right[i]] - a);
    }
  }

  private static RowKernels load() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      log.info("resizing uses plain loops: start the JVM with --add-modules jdk.incubator.vector for SIMD");
      return new RowKernels();
    }
    try {
      return (RowKernels) Class.forName("dev.bayan.image.VectorRowKernels").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      log.info("resizing uses plain loops: {}", e.toString());
      return new RowKernels();
    }
  }
}
