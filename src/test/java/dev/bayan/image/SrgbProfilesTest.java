package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.ImageConfig;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Profiles are judged by what they do to colours, not by their names: an sRGB profile under another name
 * keeps its JPEG on the native decoder, and anything that would move colours sends it to the Java path.
 */
class SrgbProfilesTest {
  private static final String COMPACT_SRGB = "tuxpaint_0050.jpg"; // carries the 524-byte "c2" profile

  private final SrgbProfiles profiles = new SrgbProfiles();

  @Test
  void anSrgbProfileUnderAnotherNameIsSrgbAndOneWithOtherPrimariesIsNot() {
    ICC_Profile renamed = srgbNamed("Camera profile 7");
    ICC_Profile widerRed = srgbNamed("Camera profile 8");
    byte[] red = widerRed.getData(ICC_Profile.icSigRedColorantTag);
    ByteBuffer.wrap(red).putInt(8, ByteBuffer.wrap(red).getInt(8) + 0x1000); // X of red +0.06: a wider gamut
    widerRed.setData(ICC_Profile.icSigRedColorantTag, red);

    assertThat(IccDescription.isSrgb(renamed.getData(), 0, renamed.getData().length)).isFalse();
    assertThat(judge(renamed)).isTrue();
    assertThat(judge(widerRed)).isFalse();
    assertThat(judge(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB))).isFalse();
    assertThat(judge(ICC_Profile.getInstance(ColorSpace.CS_GRAY))).isFalse();
    assertThat(judge(ICC_Profile.getInstance(ColorSpace.CS_sRGB))).isTrue();
  }

  @Test
  void junkAndSplitProfilesAreNotSrgb() {
    byte[] junk = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    Arrays.fill(junk, 0, 200, (byte) 0x5A); // header and tag table destroyed
    assertThat(profiles.isSrgb(junk, new JpegStructure.IccChunk(0, junk.length, 1))).isFalse();

    byte[] renamed = srgbNamed("Camera profile 7").getData();
    // Only the first of three chunks is at hand: the profile cannot be converted, so it is not trusted.
    assertThat(profiles.isSrgb(renamed, new JpegStructure.IccChunk(0, renamed.length / 3, 3))).isFalse();
  }

  @Test
  void theCompactProfileOfARealFileIsSrgbAndConvertingThroughItChangesNothing() {
    byte[] jpeg = ImageFixtures.corpus(COMPACT_SRGB).bytes();
    JpegStructure.IccChunk chunk = JpegStructure.parse(jpeg).profile();
    assertThat(IccDescription.read(jpeg, chunk.from(), chunk.end())).isEqualTo("c2");
    assertThat(profiles.isSrgb(jpeg, chunk)).isTrue();

    // The Java path converts through the profile; with the profile cut out it converts nothing.
    ImageDecoder javaOnly = new ImageDecoder(new ImageConfig(50_000_000, 100_000, 160, 1, 50, 64, false));
    RgbImage converted = javaOnly.decode(jpeg);
    RgbImage unconverted = javaOnly.decode(ImageFixtures.withoutIccProfile(jpeg));
    assertThat(maxDifference(converted.rgb(), unconverted.rgb())).isLessThanOrEqualTo(1);
    // ...whereas it does convert through a profile that moves colours.
    byte[] plain = ImageFixtures.corpus("opencv_0059.jpg").bytes();
    byte[] linear = ImageFixtures.withIccProfile(plain, ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB));
    assertThat(maxDifference(javaOnly.decode(linear).rgb(), javaOnly.decode(plain).rgb())).isGreaterThan(20);
  }

  @Test
  void verdictsAreCachedAndTheCacheIsBounded() {
    for (int i = 0; i < SrgbProfiles.MAX_CACHED + 20; i++) {
      byte[] data = srgbNamed("Camera profile " + i).getData();
      assertThat(profiles.isSrgb(data, new JpegStructure.IccChunk(0, data.length, 1))).as("profile %d", i).isTrue();
    }
    assertThat(profiles.cached()).isEqualTo(SrgbProfiles.MAX_CACHED);
  }

  private boolean judge(ICC_Profile profile) {
    byte[] data = profile.getData();
    return profiles.isSrgb(data, new JpegStructure.IccChunk(0, data.length, 1));
  }

  /** The JDK's sRGB profile with its description replaced (an ICC v2 {@code desc} tag). */
  private static ICC_Profile srgbNamed(String name) {
    ICC_Profile profile = ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
    byte[] ascii = (name + "\0").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer tag = ByteBuffer.allocate(12 + ascii.length + 8 + 3 + 67);
    tag.put("desc".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(ascii.length).put(ascii);
    profile.setData(ICC_Profile.icSigProfileDescriptionTag, tag.array()); // no Unicode or ScriptCode text
    return profile;
  }

  private static int maxDifference(byte[] a, byte[] b) {
    assertThat(a).hasSameSizeAs(b);
    int max = 0;
    for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
    return max;
  }
}
