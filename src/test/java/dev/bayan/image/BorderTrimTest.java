package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.ImageConfig;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BorderTrim on real corpus pictures framed the way reposts frame them. */
class BorderTrimTest {

  private static RgbImage rgb(BufferedImage image) {
    return new RgbImage(image.getWidth(), image.getHeight(), RgbPixels.of(image), "png", image.getWidth(),
        image.getHeight());
  }

  private static BufferedImage framed(BufferedImage picture, int top, int bottom, int left, int right, Color bar) {
    BufferedImage out = new BufferedImage(picture.getWidth() + left + right, picture.getHeight() + top + bottom,
        BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setColor(bar);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.drawImage(picture, left, top, null);
    g.dispose();
    return out;
  }

  /**
   * A picture with edges that are not flat must be kept whole. (A flat
   * region at an edge is cut, by design: a smooth wallpaper such as lomiri_0001 loses its plain left
   * third, and a copy of it loses the same part.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"naev_0136.jpg", "grass_0098.jpg", "opencv_0031.jpg"})
  void aPictureWithoutBandsIsKeptWhole(String file) {
    RgbImage img = rgb(ImageFixtures.corpusImage(file));
    assertThat(BorderTrim.crop(img)).isEqualTo(Crop.whole(img));
  }

  @ParameterizedTest
  @ValueSource(strings = {"naev_0136.jpg", "grass_0098.jpg"})
  void letterboxBarsAreCutBackToThePicture(String file) {
    BufferedImage picture = ImageFixtures.corpusImage(file);
    int bar = picture.getHeight() / 4;
    Crop trimmed = BorderTrim.crop(rgb(framed(picture, bar, bar, 0, 0, Color.BLACK)));
    assertThat(trimmed.width()).isEqualTo(picture.getWidth());
    assertThat(trimmed.height()).isBetween(picture.getHeight() - 2, picture.getHeight());

    int side = picture.getWidth() / 5;
    Crop pillarbox = BorderTrim.crop(rgb(framed(picture, 0, 0, side, side, Color.WHITE)));
    assertThat(pillarbox.width()).isBetween(picture.getWidth() - 2, picture.getWidth());
    assertThat(pillarbox.height()).isEqualTo(picture.getHeight());
  }

  /** A white caption bar with two lines of bold text: the text lines must not stop the cut halfway. */
  @ParameterizedTest
  @ValueSource(strings = {"naev_0136.jpg", "grass_0098.jpg"})
  void aCaptionBarWithTextIsCutOff(String file) {
    BufferedImage picture = ImageFixtures.corpusImage(file);
    int bar = picture.getHeight() / 4;
    BufferedImage captioned = framed(picture, bar, 0, 0, 0, Color.WHITE);
    Graphics2D g = captioned.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, bar / 3));
    g.drawString("when the repost", bar / 6, bar * 2 / 5);
    g.drawString("hits different", bar / 6, bar * 4 / 5);
    g.dispose();
    Crop trimmed = BorderTrim.crop(new ImageDecoder(new ImageConfig(50_000_000, 4096, 160, 1, 50, 64, true))
        .decode(ImageFixtures.jpeg(captioned, 0.9f)));
    assertThat(trimmed.width()).isEqualTo(picture.getWidth());
    // JPEG ringing where the bar meets the picture may keep the bar's last rows: at most one 8x8 block
    assertThat(trimmed.height()).isBetween(picture.getHeight() - 3, picture.getHeight() + 8);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 128, 255})
  void aBlankImageIsKeptWhole(int grey) {
    RgbImage blank = rgb(ImageFixtures.solid(300, 200, new Color(grey, grey, grey)));
    assertThat(BorderTrim.crop(blank)).isEqualTo(Crop.whole(blank));
  }

  @Test
  void noSideLosesMoreThanItsShare() {
    BufferedImage picture = ImageFixtures.corpusImage("naev_0136.jpg");
    int bar = picture.getHeight(); // a bar as tall as the picture: more than 40% of the framed height
    Crop trimmed = BorderTrim.crop(rgb(framed(picture, bar, 0, 0, 0, Color.BLACK)));
    assertThat(trimmed.height()).isGreaterThanOrEqualTo(2 * picture.getHeight() - (int) (BorderTrim.MAX_SIDE
        * 2 * picture.getHeight()));
  }
}
