package dev.bayan.tools.model;

import java.util.Arrays;

/**
 * One weight tensor of a TF.js model, as stored: either uint8-quantised ({@code value = q * scale
 * + min}, one scale and min per tensor) or plain float32. Row-major in Keras layout.
 */
record TfjsWeight(String name, int[] shape, byte[] quantized, double scale, double min, float[] floats) {

  static TfjsWeight quantizedUint8(String name, int[] shape, byte[] q, double scale, double min) {
    return new TfjsWeight(name, shape, q, scale, min, null);
  }

  static TfjsWeight float32(String name, int[] shape, float[] values) {
    return new TfjsWeight(name, shape, null, 1, 0, values);
  }

  boolean isQuantized() {
    return quantized != null;
  }

  int count() {
    return isQuantized() ? quantized.length : floats.length;
  }

  /** Element {@code i} as float, dequantised in double precision the way TF.js does it. */
  float value(int i) {
    return isQuantized() ? (float) ((quantized[i] & 0xFF) * scale + min) : floats[i];
  }

  /**
   * The same tensor with its axes reordered: axis {@code i} of the result is axis
   * {@code perm[i]} of this one (the convention of numpy's and ONNX's transpose).
   */
  TfjsWeight transposed(int... perm) {
    int rank = shape.length;
    if (perm.length != rank) {
      throw new IllegalArgumentException("perm " + Arrays.toString(perm) + " for shape " + Arrays.toString(shape));
    }
    int[] srcStrides = new int[rank];
    for (int i = rank - 1, s = 1; i >= 0; s *= shape[i], i--) {
      srcStrides[i] = s;
    }
    int[] outShape = new int[rank];
    int[] strideOfOutAxis = new int[rank];
    for (int i = 0; i < rank; i++) {
      outShape[i] = shape[perm[i]];
      strideOfOutAxis[i] = srcStrides[perm[i]];
    }
    int n = count();
    int[] from = new int[n];
    int[] index = new int[rank];
    for (int out = 0, src = 0; out < n; out++) {
      from[out] = src;
      // advance the output index like an odometer, moving src by the matching source stride
      for (int axis = rank - 1; axis >= 0; axis--) {
        index[axis]++;
        src += strideOfOutAxis[axis];
        if (index[axis] < outShape[axis]) {
          break;
        }
        src -= strideOfOutAxis[axis] * outShape[axis];
        index[axis] = 0;
      }
    }
    if (isQuantized()) {
      byte[] q = new byte[n];
      for (int i = 0; i < n; i++) {
        q[i] = quantized[from[i]];
      }
      return quantizedUint8(name, outShape, q, scale, min);
    }
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = floats[from[i]];
    }
    return float32(name, outShape, f);
  }

  /** Same data, another shape with the same element count. */
  TfjsWeight reshaped(int... newShape) {
    if (Arrays.stream(newShape).reduce(1, (a, b) -> a * b) != count()) {
      throw new IllegalArgumentException("cannot reshape " + name + " to " + Arrays.toString(newShape));
    }
    return new TfjsWeight(name, newShape, quantized, scale, min, floats);
  }
}
