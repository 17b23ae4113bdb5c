package dev.bayan.image;

import java.util.Arrays;

/**
 * Resizes interleaved RGB to an exact size, ignoring aspect ratio. While the image is at least twice
 * the target in a dimension it is halved by box averaging (area-like, so no aliasing), then one
 * bilinear pass with half-pixel centres (as TF's {@code resize_bilinear(half_pixel_centers=True)} and
 * PIL) lands on the target. Results are floats on the 0..255 scale, interleaved RGB.
 */
final class Resampler {
  private Resampler() {}

  static float[] resize(byte[] rgb, int width, int height, int outW, int outH) {
    int halvingsX = halvings(width, outW);
    int halvingsY = halvings(height, outH);
    int w = width >> halvingsX;
    int h = height >> halvingsY;
    float[] pixels = boxAverage(rgb, width, halvingsX, halvingsY, w, h);
    return w == outW && h == outH ? pixels : bilinear(pixels, w, h, outW, outH);
  }

  /** How many times {@code size} is halved (rounding down) while it stays at least twice {@code target}. */
  private static int halvings(int size, int target) {
    int k = 0;
    while ((size >> k) >= 2 * target) k++;
    return k;
  }

  /** Rounds resized floats back to bytes (for thumbnails). */
  static byte[] toBytes(float[] pixels) {
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) out[i] = (byte) Math.min(255, Math.max(0, Math.round(pixels[i])));
    return out;
  }

  /**
   * Averages boxes of {@code 2^kx x 2^ky} source pixels in one pass over the bytes; the rows and columns past
   * the last whole box are dropped. This is exactly what halving 2x2 boxes k times gives (the float sums
   * of byte values stay exact), without the full-size float images in between: a 1500x1500 PNG would
   * otherwise allocate 8 MB and spend about 30 ms per resize.
   */
  private static float[] boxAverage(byte[] src, int width, int kx, int ky, int outW, int outH) {
    int boxW = 1 << kx;
    int boxH = 1 << ky;
    float scale = 1f / (boxW * boxH);
    float[] out = new float[outW * outH * 3];
    int[] sums = new int[outW * 3];
    for (int y = 0; y < outH; y++) {
      Arrays.fill(sums, 0);
      for (int row = y * boxH; row < (y + 1) * boxH; row++) {
        int p = row * width * 3;
        for (int s = 0; s < sums.length; s += 3) {
          int r = 0;
          int g = 0;
          int b = 0;
          for (int i = 0; i < boxW; i++, p += 3) {
            r += src[p] & 0xFF;
            g += src[p + 1] & 0xFF;
            b += src[p + 2] & 0xFF;
          }
          sums[s] += r;
          sums[s + 1] += g;
          sums[s + 2] += b;
        }
      }
      for (int s = 0, o = y * sums.length; s < sums.length; s++) out[o + s] = sums[s] * scale;
    }
    return out;
  }

  /** Bilinear with half-pixel centres; written as a + f * (b - a) so a flat area stays exactly flat. */
  static float[] bilinear(float[] src, int w, int h, int outW, int outH) {
    int[] x0 = new int[outW];
    int[] x1 = new int[outW];
    float[] fx = new float[outW];
    for (int x = 0; x < outW; x++) {
      double sx = Math.min(Math.max((x + 0.5) * w / outW - 0.5, 0), w - 1);
      x0[x] = (int) sx * 3;
      x1[x] = Math.min((int) sx + 1, w - 1) * 3;
      fx[x] = (float) (sx - (int) sx);
    }
    float[] out = new float[outW * outH * 3];
    int o = 0;
    for (int y = 0; y < outH; y++) {
      double sy = Math.min(Math.max((y + 0.5) * h / outH - 0.5, 0), h - 1);
      int top = (int) sy * w * 3;
      int bottom = Math.min((int) sy + 1, h - 1) * w * 3;
      float fy = (float) (sy - (int) sy);
      for (int x = 0; x < outW; x++) {
        int a = top + x0[x];
        int b = top + x1[x];
        int c = bottom + x0[x];
        int d = bottom + x1[x];
        float f = fx[x];
        for (int k = 0; k < 3; k++) {
          float upper = src[a + k] + f * (src[b + k] - src[a + k]);
          float lower = src[c + k] + f * (src[d + k] - src[c + k]);
          out[o++] = upper + fy * (lower - upper);
        }
      }
    }
    return out;
  }
}
