package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The description is the cheap first test for sRGB; it must read real profiles and survive junk. */
class IccDescriptionTest {
  @Test
  void readsTheJdksProfilesAndTellsSrgbFromTheRest() {
    assertThat(describe(ColorSpace.CS_sRGB)).isEqualTo("sRGB built-in");
    assertThat(describe(ColorSpace.CS_LINEAR_RGB)).isEqualTo("linear sRGB");
    assertThat(isSrgb(ColorSpace.CS_sRGB)).isTrue();
    assertThat(isSrgb(ColorSpace.CS_LINEAR_RGB)).isFalse();
    assertThat(isSrgb(ColorSpace.CS_GRAY)).isFalse();
  }

  @Test
  void truncatedOrCorruptProfilesReadAsUnknown() {
    byte[] srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    for (int length = 0; length < srgb.length; length += 7) {
      // Cut before the description ends: unknown. Cut after it: still read whole. Never a partial text.
      assertThat(IccDescription.read(Arrays.copyOf(srgb, length), 0, length)).as("length %d", length)
          .isIn("", "sRGB built-in");
    }
    assertThat(IccDescription.read(srgb, 0, 140)).isEmpty();
    byte[] hugeTagCount = Arrays.copyOf(srgb, srgb.length);
    hugeTagCount[128] = (byte) 0xFF;
    assertThat(IccDescription.read(hugeTagCount, 0, hugeTagCount.length)).isIn("", "sRGB built-in");
  }

  @Test
  void jpegStructureFindsTheFirstChunkOfTheProfile() {
    byte[] jpeg = ImageFixtures.corpus("opencv_0059.jpg").bytes();
    ICC_Profile srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB);

    assertThat(JpegStructure.parse(jpeg).profile()).isNull();
    byte[] whole = ImageFixtures.withIccProfile(jpeg, srgb);
    JpegStructure.IccChunk one = JpegStructure.parse(whole).profile();
    assertThat(one.chunks()).isEqualTo(1);
    assertThat(Arrays.copyOfRange(whole, one.from(), one.end())).isEqualTo(srgb.getData());
    byte[] split = ImageFixtures.withIccProfile(jpeg, srgb, 3);
    JpegStructure.IccChunk first = JpegStructure.parse(split).profile();
    assertThat(first.chunks()).isEqualTo(3);
    assertThat(Arrays.copyOfRange(split, first.from(), first.end()))
        .isEqualTo(Arrays.copyOf(srgb.getData(), first.end() - first.from()));
    assertThat(IccDescription.isSrgb(split, first.from(), first.end())).isTrue(); // the tag table is in chunk 1
  }

  private static String describe(int colorSpace) {
    byte[] data = ICC_Profile.getInstance(colorSpace).getData();
    return IccDescription.read(data, 0, data.length);
  }

  private static boolean isSrgb(int colorSpace) {
    byte[] data = ICC_Profile.getInstance(colorSpace).getData();
    return IccDescription.isSrgb(data, 0, data.length);
  }
}
