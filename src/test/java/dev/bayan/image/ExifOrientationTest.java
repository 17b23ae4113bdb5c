package dev.bayan.image;

import static dev.bayan.image.ImageFixtures.rgbAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.ImageConfig;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A 48x32 grey JPEG with a red block in its stored top-left corner and a green block in its stored
 * top-right corner, tagged with each EXIF orientation: the decoder must turn it upright, and the
 * expected corners below come from the EXIF definition of each value, not from the implementation.
 */
class ExifOrientationTest {
  private static final int W = 48;
  private static final int H = 32;
  private final ImageDecoder decoder = new ImageDecoder(new ImageConfig(50_000_000, 512, 160, 1, 50, 64, true));

  enum Corner { TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT }

  static Stream<Arguments> orientations() {
    return Stream.of(
        Arguments.of(1, false, Corner.TOP_LEFT, Corner.TOP_RIGHT),       // as stored
        Arguments.of(2, false, Corner.TOP_RIGHT, Corner.TOP_LEFT),       // mirrored left-right
        Arguments.of(3, false, Corner.BOTTOM_RIGHT, Corner.BOTTOM_LEFT), // rotated 180
        Arguments.of(4, false, Corner.BOTTOM_LEFT, Corner.BOTTOM_RIGHT), // flipped top-bottom
        Arguments.of(5, true, Corner.TOP_LEFT, Corner.BOTTOM_LEFT),      // transposed
        Arguments.of(6, true, Corner.TOP_RIGHT, Corner.BOTTOM_RIGHT),    // turned 90 clockwise
        Arguments.of(7, true, Corner.BOTTOM_RIGHT, Corner.TOP_RIGHT),    // transversed
        Arguments.of(8, true, Corner.BOTTOM_LEFT, Corner.TOP_LEFT));     // turned 90 counter-clockwise
  }

  @ParameterizedTest(name = "orientation {0}")
  @MethodSource("orientations")
  void orientationTurnsTheImageUpright(int orientation, boolean swapsSides, Corner red, Corner green) {
    for (boolean littleEndian : new boolean[] {true, false}) {
      byte[] jpeg = ImageFixtures.insertJpegSegment(ImageFixtures.jpeg(marked(), 1.0f), 0xE1,
          ImageFixtures.exifOrientation(orientation, littleEndian));

      RgbImage img = decoder.decode(jpeg);

      assertThat(img.width()).isEqualTo(swapsSides ? H : W);
      assertThat(img.height()).isEqualTo(swapsSides ? W : H);
      assertThat(img.sourceWidth()).isEqualTo(img.width());
      assertColour(img, red, 255, 0, 0);
      assertColour(img, green, 0, 255, 0);
      for (Corner other : Corner.values()) {
        if (other != red && other != green) assertColour(img, other, 128, 128, 128);
      }
    }
  }

  @Test
  void missingOrInvalidOrientationLeavesPixelsAsStored() {
    byte[] plain = ImageFixtures.jpeg(marked(), 1.0f);
    byte[] invalid = ImageFixtures.insertJpegSegment(plain, 0xE1, ImageFixtures.exifOrientation(9, true));

    for (byte[] jpeg : new byte[][] {plain, invalid}) {
      RgbImage img = decoder.decode(jpeg);
      assertThat(img.width()).isEqualTo(W);
      assertColour(img, Corner.TOP_LEFT, 255, 0, 0);
    }
  }

  @Test
  void exifParserReadsTheTagAndAJpegWithoutExifIsUpright() {
    byte[] exif = ImageFixtures.exifOrientation(6, true);
    assertThat(Orientation.fromExif(exif, 0, exif.length)).isEqualTo(6);
    assertThat(JpegStructure.parse(ImageFixtures.jpeg(marked(), 0.9f)).orientation()).isEqualTo(1);
  }

  private static BufferedImage marked() {
    BufferedImage image = ImageFixtures.solid(W, H, new Color(128, 128, 128));
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 16, 16);
    g.setColor(Color.GREEN);
    g.fillRect(W - 16, 0, 16, 16);
    g.dispose();
    return image;
  }

  /** Samples 4 pixels in from the corner (JPEG blurs block edges a little). */
  private static void assertColour(RgbImage img, Corner corner, int r, int g, int b) {
    int x = corner == Corner.TOP_LEFT || corner == Corner.BOTTOM_LEFT ? 4 : img.width() - 5;
    int y = corner == Corner.TOP_LEFT || corner == Corner.TOP_RIGHT ? 4 : img.height() - 5;
    int[] p = rgbAt(img, x, y);
    assertThat(Math.abs(p[0] - r) + Math.abs(p[1] - g) + Math.abs(p[2] - b))
        .as("%s pixel %s, expected (%d, %d, %d)", corner, java.util.Arrays.toString(p), r, g, b)
        .isLessThan(30);
  }
}
