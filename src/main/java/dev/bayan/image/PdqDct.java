package dev.bayan.image;

/**
 * The part of PDQ's 2-D DCT-II that the hash uses: frequencies 1..16 along each axis of a 64x64
 * block (the DC term is skipped). Computed as {@code D A D^T} with {@code D} the 16x64 slice of
 * the orthonormal DCT matrix, summed in float in the reference's order so results are identical.
 */
final class PdqDct {
  static final int IN = 64;
  static final int OUT = 16;

  /** Row {@code i} is the basis of frequency {@code i + 1}, row-major 16x64. */
  private static final float[] MATRIX = matrix();

  private PdqDct() {}

  private static float[] matrix() {
    float scale = (float) Math.sqrt(2.0 / IN); // float, as the reference keeps it
    float[] d = new float[OUT * IN];
    for (int i = 0; i < OUT; i++) {
      for (int j = 0; j < IN; j++) {
        d[i * IN + j] = (float) (scale * StrictMath.cos((Math.PI / 2 / IN) * (i + 1) * (2 * j + 1)));
      }
    }
    return d;
  }

  /** 64x64 row-major block in, 16x16 row-major coefficients out. */
  static float[] transform(float[] block) {
    float[] partial = new float[OUT * IN]; // D A
    for (int i = 0; i < OUT; i++) {
      int row = i * IN;
      for (int k = 0; k < IN; k++) {
        float d = MATRIX[row + k];
        int src = k * IN;
        // accumulating over k for every column j at once keeps each sum in the reference's order
        for (int j = 0; j < IN; j++) partial[row + j] += d * block[src + j];
      }
    }
    float[] out = new float[OUT * OUT]; // (D A) D^T
    for (int i = 0; i < OUT; i++) {
      for (int j = 0; j < OUT; j++) {
        float sum = 0;
        for (int k = 0; k < IN; k++) sum += partial[i * IN + k] * MATRIX[j * IN + k];
        out[i * OUT + j] = sum;
      }
    }
    return out;
  }
}
