package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bayan.config.ModelConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreprocessorTest {
  private static final List<Double> IMAGENET_MEAN = List.of(123.675, 116.28, 103.53);
  private static final List<Double> IMAGENET_STD = List.of(58.395, 57.12, 57.375);

  private static ModelConfig model(int size, String layout, List<Double> mean, List<Double> std) {
    return new ModelConfig("test", "none.onnx", "input", "output", size, layout, mean, std, false);
  }

  private static RgbImage image(int width, int height, PixelFunction colour) {
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) rgb[(y * width + x) * 3 + c] = (byte) colour.value(x, y, c);
      }
    }
    return new RgbImage(width, height, rgb, "png", width, height);
  }

  interface PixelFunction {
    int value(int x, int y, int channel);
  }

  @ParameterizedTest(name = "{0}x{1} {2}")
  @CsvSource({"640,480,NCHW", "333,999,NHWC", "224,224,NCHW", "50,30,NHWC", "2048,7,NCHW", "449,448,NHWC"})
  void solidColourGivesExactlyItsNormalisedValueEverywhere(int width, int height, String layout) {
    int[] colour = {200, 100, 50};
    Preprocessor preprocessor = new Preprocessor(model(224, layout, IMAGENET_MEAN, IMAGENET_STD));

    float[] tensor = preprocessor.tensor(image(width, height, (x, y, c) -> colour[c]));

    assertThat(tensor).hasSize(3 * 224 * 224);
    for (int c = 0; c < 3; c++) {
      float expected = ((float) colour[c] - IMAGENET_MEAN.get(c).floatValue()) / IMAGENET_STD.get(c).floatValue();
      for (int i = 0; i < 224 * 224; i++) {
        int index = layout.equals("NCHW") ? c * 224 * 224 + i : i * 3 + c;
        if (tensor[index] != expected) {
          throw new AssertionError("channel " + c + " index " + i + ": " + tensor[index] + " != " + expected);
        }
      }
    }
  }

  @Test
  void layoutsPlaceAKnownPixelWhereTheModelExpectsIt() {
    int size = 32;
    int px = 5;
    int py = 7;
    int[] marked = {10, 20, 30};
    // Same size as the model input: no resampling, so the pixel stays exactly where it is.
    RgbImage img = image(size, size, (x, y, c) -> x == px && y == py ? marked[c] : 0);
    List<Double> mean = List.of(1.0, 2.0, 3.0);
    List<Double> std = List.of(2.0, 4.0, 8.0);

    float[] nchw = new Preprocessor(model(size, "NCHW", mean, std)).tensor(img);
    float[] nhwc = new Preprocessor(model(size, "NHWC", mean, std)).tensor(img);

    float[] expected = {(10 - 1) / 2f, (20 - 2) / 4f, (30 - 3) / 8f};
    for (int c = 0; c < 3; c++) {
      assertThat(nchw[c * size * size + py * size + px]).isEqualTo(expected[c]);
      assertThat(nhwc[(py * size + px) * 3 + c]).isEqualTo(expected[c]);
    }
    assertThat(nchw[py * size + px + 1]).isEqualTo(-0.5f); // the black neighbour, red channel
    assertThat(nhwc[(py * size + px) * 3 + 3]).isEqualTo(-0.5f);
  }

  @Test
  void bilinearPassMatchesAHandComputedValue() {
    // 24x24 grey image of 8x8 blocks B[row][col]; resized to 16x16 (no halving since 24 < 2 * 16).
    int[][] blocks = {{0, 100, 60}, {200, 40, 90}, {10, 30, 250}};
    RgbImage img = image(24, 24, (x, y, c) -> blocks[y / 8][x / 8]);
    float[] t = new Preprocessor(model(16, "NCHW", List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0))).tensor(img);

    // Output (5, 5): source coordinate (5 + 0.5) * 24 / 16 - 0.5 = 7.75 in x and y, so it blends
    // pixels 7 and 8 (blocks 0 and 1) with weight 0.75 on the second:
    // top = 0 + 0.75 * (100 - 0) = 75, bottom = 200 + 0.75 * (40 - 200) = 80, 75 + 0.75 * 5 = 78.75.
    assertThat(t[5 * 16 + 5]).isEqualTo(78.75f);
    // Output (0, 0): source 0.25 lies between pixels 0 and 1, both in block 0.
    assertThat(t[0]).isEqualTo(0f);
    // Output (15, 0): source x = 22.75 lies between pixels 22 and 23 (block 2), y = 0.25 in block row 0.
    assertThat(t[15]).isEqualTo(60f);
  }

  @Test
  void halvingAveragesAlignedTwoByTwoBoxesExactly() {
    // 32x32 image of 2x2 blocks with distinct values: halving to 16x16 must give each block's value,
    // and 16x16 is the target, so nothing else touches it (the values jump from block to block, so
    // no edge row or column looks like a plain band to BorderTrim).
    PixelFunction block = (bx, by, c) -> (by * 101 + bx * 37 + c * 85) & 0xFF;
    RgbImage img = image(32, 32, (x, y, c) -> block.value(x / 2, y / 2, c));
    float[] t = new Preprocessor(model(16, "NHWC", List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0))).tensor(img);

    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        for (int c = 0; c < 3; c++) assertThat(t[(y * 16 + x) * 3 + c]).isEqualTo((float) block.value(x, y, c));
      }
    }
  }

  @Test
  void halvingAveragesFourDifferentPixels() {
    // A 2x2 checker of 0 and 255 in every 2x2 box averages to 127.5 after halving 32 -> 16.
    RgbImage img = image(32, 32, (x, y, c) -> (x + y) % 2 == 0 ? 255 : 0);
    float[] t = new Preprocessor(model(16, "NCHW", List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0))).tensor(img);
    float[] expected = new float[t.length];
    Arrays.fill(expected, 127.5f);
    assertThat(t).containsExactly(expected);
  }

  @Test
  void aspectRatioIsIgnored() {
    // 400x100: left half red, right half blue. Squeezed to 16x16, the halves stay halves.
    RgbImage img = image(400, 100, (x, y, c) -> x < 200 ? (c == 0 ? 255 : 0) : (c == 2 ? 255 : 0));
    float[] t = new Preprocessor(model(16, "NCHW", List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0))).tensor(img);
    int plane = 16 * 16;
    for (int y = 0; y < 16; y++) {
      assertThat(t[y * 16 + 2]).isEqualTo(255f); // red channel, left
      assertThat(t[2 * plane + y * 16 + 2]).isEqualTo(0f);
      assertThat(t[y * 16 + 13]).isEqualTo(0f); // red channel, right
      assertThat(t[2 * plane + y * 16 + 13]).isEqualTo(255f);
    }
  }

  @Test
  void writesIntoABatchBufferAtTheOffsetOnly() {
    Preprocessor preprocessor = new Preprocessor(model(16, "NCHW", IMAGENET_MEAN, IMAGENET_STD));
    RgbImage img = image(40, 30, (x, y, c) -> x * 3 + y);
    float[] single = preprocessor.tensor(img);
    float[] batch = new float[3 * preprocessor.tensorLength()];
    Arrays.fill(batch, Float.NaN);

    preprocessor.tensor(img, batch, preprocessor.tensorLength());

    assertThat(Arrays.copyOfRange(batch, preprocessor.tensorLength(), 2 * preprocessor.tensorLength()))
        .containsExactly(single);
    assertThat(batch[preprocessor.tensorLength() - 1]).isNaN();
    assertThat(batch[2 * preprocessor.tensorLength()]).isNaN();
    assertThatThrownBy(() -> preprocessor.tensor(img, batch, 2 * preprocessor.tensorLength() + 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void realImageGivesValuesInTheNormalisedRange() {
    RgbImage img = new ImageDecoder(new dev.bayan.config.ImageConfig(50_000_000, 512, 160, 1, 50, 64, true))
        .decode(ImageFixtures.corpus("lomiri_0001.jpg").bytes());
    float[] t = new Preprocessor(model(224, "NCHW", IMAGENET_MEAN, IMAGENET_STD)).tensor(img);
    for (float v : t) assertThat(v).isBetween(-123.675f / 57.12f, (255 - 103.53f) / 57.12f);
  }
}
