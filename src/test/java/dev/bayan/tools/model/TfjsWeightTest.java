package dev.bayan.tools.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TfjsWeightTest {

  @Test
  void dequantisesAsQTimesScalePlusMin() {
    var w = TfjsWeight.quantizedUint8("w", new int[] {3}, new byte[] {0, 2, (byte) 255}, 0.5, -1.0);

    assertThat(w.value(0)).isEqualTo(-1.0f);
    assertThat(w.value(1)).isEqualTo(0.0f);
    assertThat(w.value(2)).isEqualTo(126.5f);
  }

  @Test
  void transposeMovesAxesLikeNumpy() {
    // shape [2,3,2]: value = 100*i + 10*j + k
    float[] v = new float[12];
    for (int i = 0, n = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 2; k++) {
          v[n++] = 100 * i + 10 * j + k;
        }
      }
    }
    var t = TfjsWeight.float32("w", new int[] {2, 3, 2}, v).transposed(2, 0, 1);

    assertThat(t.shape()).containsExactly(2, 2, 3);
    // t[k][i][j] = 100*i + 10*j + k
    assertThat(t.floats()).containsExactly(0, 10, 20, 100, 110, 120, 1, 11, 21, 101, 111, 121);
  }

  @Test
  void transposeKeepsQuantisedBytes() {
    var w = TfjsWeight.quantizedUint8("w", new int[] {2, 2}, new byte[] {1, 2, 3, 4}, 1, 0).transposed(1, 0);

    assertThat(w.quantized()).containsExactly(1, 3, 2, 4);
  }
}
