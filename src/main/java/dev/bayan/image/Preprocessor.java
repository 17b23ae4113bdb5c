package dev.bayan.image;

import dev.bayan.config.ModelConfig;

public final class Preprocessor {
  private final int size;
  public Preprocessor(ModelConfig cfg) { this.size = cfg.size(); }

  public float[] tensor(RgbImage img) {
    float[] out = new float[3 * size * size];
    for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) {
      int sx = Math.min(img.width() - 1, x * img.width() / size), sy = Math.min(img.height() - 1, y * img.height() / size);
      int o = (sy * img.width() + sx) * 3;
      for (int c = 0; c < 3; c++) out[c * size * size + y * size + x] = img.rgb()[o + c] & 0xff;
    }
    return out;
  }
}
