package dev.bayan.image;

import static dev.bayan.image.ImageDecoderTest.meanBrightness;
import static dev.bayan.image.ImageFixtures.rgbAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.ImageConfig;
import dev.bayan.error.BayanException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libjpeg-turbo and libwebp (through FFM) give the pixels the Java path or libwebp's own tools give, at
 * the sizes promised, and every file they decline (CMYK, foreign ICC profiles, animations, damage) gets
 * exactly the Java path's answer.
 */
class NativeDecodersTest {
  private static final int NO_SCALING = 100_000;
  private final ImageDecoder nativeFirst = decoder(NO_SCALING, true);
  private final ImageDecoder javaOnly = decoder(NO_SCALING, false);

  private static ImageDecoder decoder(int decodeMinSide, boolean nativeDecoders) {
    return new ImageDecoder(new ImageConfig(50_000_000, decodeMinSide, 160, 1, 50, 64, nativeDecoders));
  }

  @Test
  void jdk22AndLaterLoadAllThreeLibraries() {
    // scripts/bayan installs libturbojpeg0, libwebp7 and libdeflate0 before the tests; JDK 21 has no final FFM API.
    String expected = Runtime.version().feature() >= 22 ? "[jpeg, png, webp]" : "[]";
    assertThat(nativeFirst.nativeFormats())
        .as("native decoders loaded (apt-get install libturbojpeg0 libwebp7 libdeflate0)").isEqualTo(expected);
    assertThat(javaOnly.nativeFormats()).isEqualTo("[]");
  }

  static List<ImageFixtures.CorpusImage> jpegs() {
    return ImageFixtures.corpus().stream().filter(c -> c.file().endsWith(".jpg")).toList();
  }

  @ParameterizedTest
  @MethodSource("jpegs")
  void jpegDecodesLikeTheJavaPath(ImageFixtures.CorpusImage image) {
    RgbImage fast = nativeFirst.decode(image.bytes());
    RgbImage java = javaOnly.decode(image.bytes());

    assertThat(fast.width()).isEqualTo(java.width());
    assertThat(fast.height()).isEqualTo(java.height());
    // Both decoders round their inverse DCTs and upsampling differently: about 1 level on average.
    assertThat(meanAbsoluteDifference(fast, java)).isLessThan(2.5);
  }

  @Test
  void webpDecodesExactlyAsLibwebpsOwnTool() {
    RgbImage fast = nativeFirst.decode(ImageFixtures.corpus("gcompris_0070.webp").bytes());
    RgbImage dwebp = javaOnly.decode(ImageFixtures.resource("images/fixtures/gcompris_0070_dwebp.png"));

    assertThat(fast.width()).isEqualTo(320);
    assertThat(fast.rgb()).isEqualTo(dwebp.rgb());
  }

  @Test
  void rgbaWebpIsCompositedOnWhiteLikeThePngItCameFrom() {
    RgbImage webp = nativeFirst.decode(ImageFixtures.resource("images/fixtures/openmoji_0032_alpha.webp"));
    RgbImage png = javaOnly.decode(ImageFixtures.corpus("openmoji_0032.png").bytes());

    assertThat(webp.rgb()).isEqualTo(png.rgb()); // lossless: the same RGBA, composited by the same rule
    assertThat(rgbAt(webp, 0, 0)).containsExactly(255, 255, 255); // a transparent corner
  }

  @Test
  void animatedWebpTakesTheJavaPathAndItsFirstFrame() {
    byte[] animation = ImageFixtures.resource("images/fixtures/two_frames.webp");

    RgbImage img = nativeFirst.decode(animation);

    assertThat(img.width()).isEqualTo(16);
    assertThat(rgbAt(img, 8, 8)).containsExactly(255, 0, 0);
    assertThat(img.rgb()).isEqualTo(javaOnly.decode(animation).rgb());
  }

  @Test
  void largeJpegIsScaledInTheDctByAPowerOfTwo() {
    byte[] lomiri = ImageFixtures.corpus("lomiri_0001.jpg").bytes(); // 2048x1152
    RgbImage full = javaOnly.decode(lomiri);

    RgbImage half = decoder(300, true).decode(lomiri); // 1/4 would give 288 < 300
    RgbImage eighth = decoder(100, true).decode(lomiri);

    assertThat(List.of(half.width(), half.height())).containsExactly(1024, 576);
    assertThat(List.of(eighth.width(), eighth.height())).containsExactly(256, 144);
    assertThat(List.of(eighth.sourceWidth(), eighth.sourceHeight())).containsExactly(2048, 1152);
    assertThat(meanBrightness(half)).isCloseTo(meanBrightness(full), Offset.offset(1.0));
    assertThat(meanBrightness(eighth)).isCloseTo(meanBrightness(full), Offset.offset(1.0));
  }

  @Test
  void scaledWebpHasTheJavaPathsSize() {
    byte[] webp = ImageFixtures.corpus("gcompris_0070.webp").bytes(); // 320x240: step 240 / 64 = 3

    RgbImage fast = decoder(64, true).decode(webp);
    RgbImage java = decoder(64, false).decode(webp);

    assertThat(List.of(fast.width(), fast.height())).containsExactly(java.width(), java.height());
    assertThat(List.of(fast.width(), fast.height())).containsExactly(107, 80);
    assertThat(meanBrightness(fast)).isCloseTo(meanBrightness(nativeFirst.decode(webp)), Offset.offset(1.0));
  }

  @Test
  void ycckAndForeignProfileJpegsTakeTheJavaPath() {
    byte[] ycck = ImageFixtures.resource("images/fixtures/ycck.jpg");
    byte[] linear = ImageFixtures.withIccProfile(ImageFixtures.corpus("opencv_0059.jpg").bytes(),
        ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB));
    byte[] srgb = ImageFixtures.withIccProfile(ImageFixtures.corpus("opencv_0059.jpg").bytes(),
        ICC_Profile.getInstance(ColorSpace.CS_sRGB));

    assertThat(nativeFirst.decode(ycck).rgb()).isEqualTo(javaOnly.decode(ycck).rgb());
    assertThat(nativeFirst.decode(linear).rgb()).isEqualTo(javaOnly.decode(linear).rgb());
    // An sRGB profile needs no conversion, so that file stays on the fast path (and decodes the same).
    assertThat(meanAbsoluteDifference(nativeFirst.decode(srgb), javaOnly.decode(srgb))).isLessThan(2.5);
  }

  @Test
  void aCompactSrgbProfileKeepsTheFileOnTheFastPath() {
    byte[] compact = ImageFixtures.corpus("tuxpaint_0050.jpg").bytes(); // its profile is named "c2"
    byte[] unprofiled = ImageFixtures.withoutIccProfile(compact);

    ImageDecoder scalingNative = decoder(299, true);
    ImageDecoder scalingJava = decoder(299, false);

    // libjpeg-turbo ignores profiles and scales in the DCT, the Java path subsamples: the native decoder's
    // pixels with or without the profile, and not the Java path's, show which one took the file.
    byte[] decoded = scalingNative.decode(compact).rgb();
    assertThat(Arrays.equals(decoded, scalingNative.decode(unprofiled).rgb())).isTrue();
    assertThat(Arrays.equals(decoded, scalingJava.decode(compact).rgb())).isFalse();
  }

  @Test
  void damagedJpegsGetTheJavaPathsVerdict() {
    byte[] jpeg = ImageFixtures.corpus("opencv_0059.jpg").bytes();
    for (int seed = 0; seed < 40; seed++) {
      byte[] damaged = Arrays.copyOf(jpeg, jpeg.length);
      Random random = new Random(seed);
      for (int i = 0; i < 20; i++) damaged[jpeg.length / 3 + random.nextInt(jpeg.length / 2)] = (byte) random.nextInt();

      Outcome fast = Outcome.of(nativeFirst, damaged);
      Outcome java = Outcome.of(javaOnly, damaged);

      // libjpeg-turbo warns about most damage and hands the file over; what it decodes without a warning
      // is garbage in both decoders, different garbage, so only the verdict and the size must agree.
      assertThat(fast.error()).as("seed %d", seed).isEqualTo(java.error());
      if (fast.image() != null) assertThat(fast.image().width()).as("seed %d", seed).isEqualTo(java.image().width());
    }
  }

  /** A decode's image or its error code. */
  private record Outcome(RgbImage image, String error) {
    static Outcome of(ImageDecoder decoder, byte[] bytes) {
      try {
        return new Outcome(decoder.decode(bytes), null);
      } catch (BayanException e) {
        return new Outcome(null, e.code());
      }
    }
  }

  private static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
    assertThat(a.rgb().length).isEqualTo(b.rgb().length);
    long sum = 0;
    for (int i = 0; i < a.rgb().length; i++) sum += Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF));
    return (double) sum / a.rgb().length;
  }
}
