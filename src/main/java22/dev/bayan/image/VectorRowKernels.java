package dev.bayan.image;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels} with the Vector API. Byte rows: a quarter-width vector of bytes is zero-extended to a
 * full vector of ints and added. Interpolation: both source values of a lane are gathered. Column sums: plain
 * lane-wise adds, subtracts and divides. Each lane does the plain loop's arithmetic in the same order, so the
 * results are the same to the bit (PDQ's hashes stay equal to the reference's).
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

  VectorRowKernels() {
    if (LANES < 4 || FLOATS.length() != LANES) {
      throw new IllegalStateException("no SIMD ints and floats on this machine (" + LANES + " lanes)");
    }
  }

  @Override
  void set(byte[] src, int from, int[] sums, int n) {
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
  void divide(float[] sums, float count, float[] out, int offset) {
    int x = 0;
    for (; x <= sums.length - LANES; x += LANES) {
      FloatVector.fromArray(FLOATS, sums, x).div(count).intoArray(out, offset + x);
    }
    for (; x < sums.length; x++) out[offset + x] = sums[x] / count;
  }

  private static IntVector widen(byte[] src, int from) {
    return (IntVector) ByteVector.fromArray(BYTES, src, from).convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
  }
}
