package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bayan.config.ImageConfig;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ThumbnailsTest {
  private final ImageDecoder decoder = new ImageDecoder(new ImageConfig(50_000_000, 4096, 160, 1, 50, 64, true));

  @Test
  void landscapeAndPortraitKeepTheirAspectRatio() throws Exception {
    RgbImage landscape = decoder.decode(ImageFixtures.corpus("debianbase_0001.jpg").bytes()); // 1920x1080
    RgbImage portrait = decoder.decode(ImageFixtures.corpus("stellariumart_0151.jpg").bytes()); // 512x699

    BufferedImage wide = read(Thumbnails.jpeg(landscape, 160));
    BufferedImage tall = read(Thumbnails.jpeg(portrait, 160));

    assertThat(wide.getWidth()).isEqualTo(160);
    assertThat(wide.getHeight()).isEqualTo(90);
    assertThat(tall.getHeight()).isEqualTo(160);
    assertThat(tall.getWidth()).isEqualTo(117); // 512 * 160 / 699 = 117.2
  }

  @Test
  void smallImagesAreNotUpscaled() throws Exception {
    RgbImage small = decoder.decode(ImageFixtures.write(ImageFixtures.solid(100, 50, Color.ORANGE), "png"));

    BufferedImage thumb = read(Thumbnails.jpeg(small, 160));

    assertThat(thumb.getWidth()).isEqualTo(100);
    assertThat(thumb.getHeight()).isEqualTo(50);
  }

  @Test
  void thumbnailIsASmallJpegWithTheRightColours() throws Exception {
    RgbImage img = decoder.decode(ImageFixtures.write(ImageFixtures.solid(900, 600, new Color(30, 144, 255)), "png"));

    byte[] jpeg = Thumbnails.jpeg(img, 160);

    assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
    assertThat(jpeg[1] & 0xFF).isEqualTo(0xD8);
    assertThat(jpeg.length).isLessThan(4_000);
    Color centre = new Color(read(jpeg).getRGB(80, 53));
    assertThat(centre.getRed()).isBetween(25, 35);
    assertThat(centre.getGreen()).isBetween(139, 149);
    assertThat(centre.getBlue()).isBetween(250, 255);
  }

  @Test
  void photoThumbnailStaysSmall() {
    RgbImage photo = decoder.decode(ImageFixtures.corpus("palapeli_0003.jpg").bytes());
    assertThat(Thumbnails.jpeg(photo, 160).length).isBetween(1_000, 20_000);
  }

  @Test
  void nonPositiveSizeIsRefused() {
    RgbImage img = decoder.decode(ImageFixtures.write(ImageFixtures.solid(10, 10, Color.RED), "png"));
    assertThatThrownBy(() -> Thumbnails.jpeg(img, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void libjpegTurboEncodesOnJdk22AndLaterAndShowsWhatImageIoShows() throws Exception {
    if (Runtime.version().feature() >= 22) {
      assertThat(NativeDecoders.jpegEncoder()).as("native JPEG encoder (apt-get install libturbojpeg0)").isPresent();
    }
    JpegEncoder turbo = NativeDecoders.jpegEncoder().orElseGet(ImageIoJpegEncoder::new);
    RgbImage photo = decoder.decode(ImageFixtures.corpus("palapeli_0003.jpg").bytes());

    byte[] fast = Thumbnails.jpeg(photo, 160, turbo);
    byte[] java = Thumbnails.jpeg(photo, 160, new ImageIoJpegEncoder());

    BufferedImage a = read(fast);
    BufferedImage b = read(java);
    assertThat(a.getWidth()).isEqualTo(b.getWidth());
    assertThat(a.getHeight()).isEqualTo(b.getHeight());
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) sum += Math.abs((p >> shift & 0xFF) - (q >> shift & 0xFF));
      }
    }
    double meanDifference = (double) sum / (3L * a.getWidth() * a.getHeight());
    System.out.printf("thumbnail: %d bytes native, %d ImageIO, mean difference %.2f levels%n", fast.length,
        java.length, meanDifference);
    assertThat(meanDifference).isLessThan(2.0); // the same quality scale; DCTs and rounding differ
    assertThat((double) fast.length / java.length).isBetween(0.7, 1.4);
  }

  @Test
  void anEncoderRefusesABufferOfTheWrongSize() {
    JpegEncoder turbo = NativeDecoders.jpegEncoder().orElseGet(ImageIoJpegEncoder::new);
    assertThatThrownBy(() -> turbo.encode(new byte[10], 4, 4, 80)).isInstanceOf(IllegalArgumentException.class);
  }

  private static BufferedImage read(byte[] jpeg) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(jpeg));
  }
}
