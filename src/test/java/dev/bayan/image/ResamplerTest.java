package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.ImageConfig;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass box average and the row-caching bilinear must give exactly what halving 2x2 boxes step
 * by step and interpolating pixel by pixel give (the way the resize was first written, kept here as
 * the reference): vectors and thumbnails must not move.
 */
class ResamplerTest {
  @Test
  void onePassBoxAverageEqualsRepeatedHalvingBitForBit() {
    Random random = new Random(7);
    int[][] cases = {{1500, 1500, 224, 224}, {1348, 2048, 224, 224}, {1001, 333, 224, 224}, {450, 2000, 224, 224},
        {1920, 1080, 160, 90}, {225, 224, 224, 224}, {100, 80, 224, 224}, {3, 999, 1, 7}, {640, 480, 320, 240}};
    for (int[] c : cases) {
      byte[] rgb = new byte[c[0] * c[1] * 3];
      random.nextBytes(rgb);
      assertThat(Resampler.resize(rgb, c[0], c[1], c[2], c[3])).as("%dx%d to %dx%d", c[0], c[1], c[2], c[3])
          .isEqualTo(reference(rgb, c[0], c[1], c[2], c[3]));
    }
  }

  @Test
  void aRealImageResizesAsBefore() {
    RgbImage img = new ImageDecoder(new ImageConfig(50_000_000, 100_000, 160, 1, 50, 64, true))
        .decode(ImageFixtures.corpus("opencv_0031.jpg").bytes());
    assertThat(Resampler.resize(img.rgb(), img.width(), img.height(), 224, 224))
        .isEqualTo(reference(img.rgb(), img.width(), img.height(), 224, 224));
  }

  @Test
  void aCropResizesAsTheSameRegionCopiedOut() {
    Random random = new Random(11);
    int stride = 700;
    int height = 500;
    byte[] rgb = new byte[stride * height * 3];
    random.nextBytes(rgb);
    Crop crop = new Crop(37, 91, 601, 333);
    byte[] copied = new byte[crop.width() * crop.height() * 3];
    for (int y = 0; y < crop.height(); y++) {
      System.arraycopy(rgb, ((crop.top() + y) * stride + crop.left()) * 3, copied, y * crop.width() * 3,
          crop.width() * 3);
    }
    for (int[] target : new int[][] {{224, 224}, {160, 90}, {601, 333}, {1000, 700}}) {
      assertThat(Resampler.resize(rgb, stride, crop, target[0], target[1])).as("to %dx%d", target[0], target[1])
          .isEqualTo(Resampler.resize(copied, crop.width(), crop.height(), target[0], target[1]))
          .isEqualTo(reference(copied, crop.width(), crop.height(), target[0], target[1]));
    }
  }

  @Test
  void thePlanarResizeIsTheInterleavedOneDeinterleaved() {
    Random random = new Random(17);
    int stride = 900;
    byte[] rgb = new byte[stride * 700 * 3];
    random.nextBytes(rgb);
    // bilinear after halving, bilinear alone, halving alone (exact), and neither (a copy)
    Crop[] crops = {new Crop(0, 0, 900, 700), new Crop(13, 29, 301, 250), new Crop(4, 8, 448, 448),
        new Crop(50, 60, 224, 224)};
    for (Crop crop : crops) {
      float[] interleaved = Resampler.resize(rgb, stride, crop, 224, 224);
      int plane = 224 * 224;
      float[] planar = new float[3 * plane + 10];
      Arrays.fill(planar, Float.NaN);
      Resampler.resizePlanar(rgb, stride, crop, 224, 224, planar, 5);
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < plane; i++) {
          if (Float.compare(planar[5 + c * plane + i], interleaved[3 * i + c]) != 0) {
            throw new AssertionError(crop + " channel " + c + " pixel " + i + ": " + planar[5 + c * plane + i]
                + " != " + interleaved[3 * i + c]);
          }
        }
      }
      assertThat(planar[4]).as("before the offset").isNaN();
      assertThat(planar[5 + 3 * plane]).as("after the planes").isNaN();
    }
  }

  /** Halve 2x2 (or 2x1, 1x2) in floats while a side is at least twice its target, then bilinear. */
  private static float[] reference(byte[] rgb, int width, int height, int outW, int outH) {
    float[] px = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) px[i] = rgb[i] & 0xFF;
    int w = width;
    int h = height;
    while (w >= 2 * outW || h >= 2 * outH) {
      int nw = w >= 2 * outW ? w / 2 : w;
      int nh = h >= 2 * outH ? h / 2 : h;
      int fx = nw == w ? 1 : 2;
      int fy = nh == h ? 1 : 2;
      float[] next = new float[nw * nh * 3];
      for (int y = 0; y < nh; y++) {
        for (int x = 0; x < nw; x++) {
          for (int c = 0; c < 3; c++) {
            int a = ((fy * y) * w + fx * x) * 3 + c;
            int right = a + (fx - 1) * 3;
            int down = (fy - 1) * w * 3;
            next[(y * nw + x) * 3 + c] = (px[a] + px[right] + px[a + down] + px[right + down]) * 0.25f;
          }
        }
      }
      px = next;
      w = nw;
      h = nh;
    }
    if (w == outW && h == outH) return px;
    return bilinear(px, w, h, outW, outH);
  }

  /** Bilinear with half-pixel centres, each output pixel from its four source pixels. */
  private static float[] bilinear(float[] src, int w, int h, int outW, int outH) {
    float[] out = new float[outW * outH * 3];
    int o = 0;
    for (int y = 0; y < outH; y++) {
      double sy = Math.min(Math.max((y + 0.5) * h / outH - 0.5, 0), h - 1);
      int top = (int) sy * w * 3;
      int bottom = Math.min((int) sy + 1, h - 1) * w * 3;
      float fy = (float) (sy - (int) sy);
      for (int x = 0; x < outW; x++) {
        double sx = Math.min(Math.max((x + 0.5) * w / outW - 0.5, 0), w - 1);
        int left = (int) sx * 3;
        int right = Math.min((int) sx + 1, w - 1) * 3;
        float f = (float) (sx - (int) sx);
        for (int k = 0; k < 3; k++) {
          float upper = src[top + left + k] + f * (src[top + right + k] - src[top + left + k]);
          float lower = src[bottom + left + k] + f * (src[bottom + right + k] - src[bottom + left + k]);
          out[o++] = upper + fy * (lower - upper);
        }
      }
    }
    return out;
  }
}
