package dev.bayan.image;

/**
 * Resizes interleaved RGB to an exact size, ignoring aspect ratio. While the image is at least twice
 * the target in a dimension it is halved by box averaging (area-like, so no aliasing), then one
 * bilinear pass with half-pixel centres (as TF's {@code resize_bilinear(half_pixel_centers=True)} and
 * PIL) lands on the target. Results are floats on the 0..255 scale, interleaved RGB.
 */
final class Resampler {
  private Resampler() {}

  static float[] resize(byte[] rgb, int width, int height, int outW, int outH) {
    float[] pixels = null; // stays null while the source bytes are still the current image
    int w = width;
    int h = height;
    while (w >= 2 * outW || h >= 2 * outH) {
      boolean halveX = w >= 2 * outW;
      boolean halveY = h >= 2 * outH;
      pixels = pixels == null ? halve(rgb, w, h, halveX, halveY) : halve(pixels, w, h, halveX, halveY);
      if (halveX) w /= 2;
      if (halveY) h /= 2;
    }
    if (pixels == null) {
      pixels = new float[rgb.length];
      for (int i = 0; i < rgb.length; i++) pixels[i] = rgb[i] & 0xFF;
    }
    return w == outW && h == outH ? pixels : bilinear(pixels, w, h, outW, outH);
  }

  /** Rounds resized floats back to bytes (for thumbnails). */
  static byte[] toBytes(float[] pixels) {
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) out[i] = (byte) Math.min(255, Math.max(0, Math.round(pixels[i])));
    return out;
  }

  /**
   * Averages 2x2 (or 2x1, 1x2) boxes; an odd last row or column is dropped. A dimension that is not
   * halved reads the same sample twice, so one loop with a fixed 1/4 weight serves all three cases.
   */
  private static float[] halve(byte[] src, int w, int h, boolean halveX, boolean halveY) {
    int outW = halveX ? w / 2 : w;
    int outH = halveY ? h / 2 : h;
    int dx = halveX ? 3 : 0;
    int dy = halveY ? w * 3 : 0;
    float[] out = new float[outW * outH * 3];
    int o = 0;
    for (int y = 0; y < outH; y++) {
      int row = (halveY ? 2 * y : y) * w * 3;
      for (int x = 0; x < outW; x++) {
        int p = row + (halveX ? 6 * x : 3 * x);
        for (int c = 0; c < 3; c++, p++) {
          int sum = (src[p] & 0xFF) + (src[p + dx] & 0xFF) + (src[p + dy] & 0xFF) + (src[p + dx + dy] & 0xFF);
          out[o++] = sum * 0.25f;
        }
      }
    }
    return out;
  }

  private static float[] halve(float[] src, int w, int h, boolean halveX, boolean halveY) {
    int outW = halveX ? w / 2 : w;
    int outH = halveY ? h / 2 : h;
    int dx = halveX ? 3 : 0;
    int dy = halveY ? w * 3 : 0;
    float[] out = new float[outW * outH * 3];
    int o = 0;
    for (int y = 0; y < outH; y++) {
      int row = (halveY ? 2 * y : y) * w * 3;
      for (int x = 0; x < outW; x++) {
        int p = row + (halveX ? 6 * x : 3 * x);
        for (int c = 0; c < 3; c++, p++) {
          out[o++] = (src[p] + src[p + dx] + src[p + dy] + src[p + dx + dy]) * 0.25f;
        }
      }
    }
    return out;
  }

  /** Bilinear with half-pixel centres; written as a + f * (b - a) so a flat area stays exactly flat. */
  private static float[] bilinear(float[] src, int w, int h, int outW, int outH) {
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
