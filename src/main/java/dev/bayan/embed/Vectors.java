package dev.bayan.embed;

/** Small vector arithmetic shared by the stages. */
public final class Vectors {
  private Vectors() {}

  public static void normalize(float[] v) {
    double sum = 0;
    for (float x : v) sum += x * x;
    if (sum == 0) return;
    float inv = (float) (1 / Math.sqrt(sum));
    for (int i = 0; i < v.length; i++) v[i] *= inv;
  }

  public static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
    return sum;
  }
}
