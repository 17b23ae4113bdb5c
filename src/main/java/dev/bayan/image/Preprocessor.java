package dev.bayan.image;

import dev.bayan.config.ModelConfig;
import java.util.Objects;

/**
 * Turns an image into the model's input: uniform edge bands cut off ({@link BorderTrim}; the resize reads
 * the remaining crop in place), resized to {@code size x size} (aspect ratio ignored, see {@link Resampler}),
 * each value {@code (pixel - mean[c]) / std[c]} with pixels on the 0..255 scale, laid out NCHW or NHWC.
 * Thread-safe: it keeps nothing between calls (the resize reuses a per-thread buffer).
 */
public final class Preprocessor {
  private static final RowKernels KERNELS = RowKernels.BEST;
  private final int size;
  private final boolean channelsFirst;
  private final float[] mean = new float[3];
  private final float[] std = new float[3];

  public Preprocessor(ModelConfig model) {
    this.size = model.size();
    this.channelsFirst = "NCHW".equals(model.layout());
    for (int c = 0; c < 3; c++) {
      mean[c] = model.mean().get(c).floatValue();
      std[c] = model.std().get(c).floatValue();
    }
  }

  /** Floats per image: {@code 3 * size * size}. */
  public int tensorLength() {
    return 3 * size * size;
  }

  public float[] tensor(RgbImage img) {
    float[] out = new float[tensorLength()];
    tensor(img, out, 0);
    return out;
  }

  /** Writes one image's tensor into a batch buffer at {@code offset}. */
  public void tensor(RgbImage img, float[] out, int offset) {
    Objects.checkFromIndexSize(offset, tensorLength(), out.length);
    Crop crop = BorderTrim.crop(img);
    int plane = size * size;
    if (channelsFirst) {
      Resampler.resizePlanar(img.rgb(), img.width(), crop, size, size, out, offset);
      for (int c = 0; c < 3; c++) KERNELS.normalize(out, offset + c * plane, plane, mean[c], std[c]);
    } else {
      float[] px = Resampler.resize(img.rgb(), img.width(), crop, size, size);
      for (int p = 0; p < px.length; p += 3) {
        out[offset + p] = (px[p] - mean[0]) / std[0];
        out[offset + p + 1] = (px[p + 1] - mean[1]) / std[1];
        out[offset + p + 2] = (px[p + 2] - mean[2]) / std[2];
      }
    }
  }
}
