package dev.bayan.image;

/**
 * The eight symmetries of the square, applied to PDQ's 16x16 DCT coefficients instead of the
 * pixels: mirroring an axis negates the basis functions that are odd about its centre, which
 * (frequencies start at 1, index 0) are the even indices along that axis; a diagonal flip
 * transposes. Each transform yields the hash of the transformed image without re-hashing it.
 * The order is the reference's: orig, rot90, rot180, rot270, flipx, flipy, flipp, flipm.
 */
public enum Dihedral {
  ORIGINAL(false) {
    @Override boolean negates(int row, int col) { return false; }
  },
  ROTATE_90(true) {
    @Override boolean negates(int row, int col) { return (col & 1) == 0; }
  },
  ROTATE_180(false) {
    @Override boolean negates(int row, int col) { return ((row + col) & 1) == 1; }
  },
  ROTATE_270(true) {
    @Override boolean negates(int row, int col) { return (row & 1) == 0; }
  },
  FLIP_X(false) {
    @Override boolean negates(int row, int col) { return (row & 1) == 0; }
  },
  FLIP_Y(false) {
    @Override boolean negates(int row, int col) { return (col & 1) == 0; }
  },
  /** Mirror about the main diagonal (transpose). */
  FLIP_PLUS_1(true) {
    @Override boolean negates(int row, int col) { return false; }
  },
  /** Mirror about the anti-diagonal. */
  FLIP_MINUS_1(true) {
    @Override boolean negates(int row, int col) { return ((row + col) & 1) == 1; }
  };

  private final boolean transposes;

  Dihedral(boolean transposes) {
    this.transposes = transposes;
  }

  /** Whether coefficient ({@code row}, {@code col}) of the original changes sign. */
  abstract boolean negates(int row, int col);

  /** The 16x16 coefficients of the transformed image. */
  float[] apply(float[] coefficients) {
    int n = PdqDct.OUT;
    float[] out = new float[n * n];
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < n; col++) {
        float c = coefficients[row * n + col];
        out[transposes ? col * n + row : row * n + col] = negates(row, col) ? -c : c;
      }
    }
    return out;
  }
}
