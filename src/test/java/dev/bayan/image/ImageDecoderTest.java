package dev.bayan.image;

import static dev.bayan.image.ImageFixtures.rgbAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.ImageConfig;
import java.awt.Color;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every supported format and pixel layout ends as upright 8-bit RGB with the right size and colours. */
class ImageDecoderTest {
  /** decodeMinSide above every test image: nothing is subsampled. */
  private final ImageDecoder fullSize = new ImageDecoder(new ImageConfig(50_000_000, 4096, 160, 1, 50, 64, true));

  static List<ImageFixtures.CorpusImage> corpus() {
    return ImageFixtures.corpus();
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void corpusImageDecodesToItsManifestSize(ImageFixtures.CorpusImage image) {
    RgbImage img = fullSize.decode(image.bytes());

    assertThat(img.format()).isEqualTo(image.format());
    assertThat(img.width()).isEqualTo(image.width());
    assertThat(img.height()).isEqualTo(image.height());
    assertThat(img.sourceWidth()).isEqualTo(image.width());
    assertThat(img.rgb()).hasSize(image.width() * image.height() * 3);
  }

  @Test
  void largeJpegIsSubsampledButKeepsTheShortSideAtLeastDecodeMinSide() {
    ImageDecoder decoder = new ImageDecoder(new ImageConfig(50_000_000, 256, 160, 1, 50, 64, true));
    RgbImage full = fullSize.decode(ImageFixtures.corpus("debianbase_0001.jpg").bytes()); // 1920x1080

    RgbImage small = decoder.decode(ImageFixtures.corpus("debianbase_0001.jpg").bytes());

    assertThat(small.width()).isEqualTo(480); // step 4: 1080 / 256
    assertThat(small.height()).isEqualTo(270);
    assertThat(Math.min(small.width(), small.height())).isGreaterThanOrEqualTo(256);
    assertThat(small.sourceWidth()).isEqualTo(1920);
    assertThat(small.sourceHeight()).isEqualTo(1080);
    assertThat(meanBrightness(small)).isCloseTo(meanBrightness(full), org.assertj.core.data.Offset.offset(3.0));
  }

  @Test
  void subsamplingStepNeverTakesTheShortSideBelowDecodeMinSide() {
    ImageDecoder decoder = new ImageDecoder(new ImageConfig(50_000_000, 300, 160, 1, 50, 64, false)); // Java path
    for (int shortSide = 300; shortSide < 5000; shortSide += 7) {
      int step = decoder.subsampling(8000, shortSide);
      int decodedShortSide = (shortSide + step - 1) / step; // ImageIO keeps pixels 0, step, 2*step, ...
      assertThat(decodedShortSide).as("short side %d", shortSide).isGreaterThanOrEqualTo(300);
      assertThat(decodedShortSide).as("short side %d", shortSide).isLessThan(600 + 1);
    }
    RgbImage lomiri = decoder.decode(ImageFixtures.corpus("lomiri_0001.jpg").bytes()); // 2048x1152, step 3
    assertThat(lomiri.width()).isEqualTo(683);
    assertThat(lomiri.height()).isEqualTo(384);
  }

  @Test
  void pngIsNeverSubsampledWebpIsLikeJpeg() {
    ImageDecoder decoder = new ImageDecoder(new ImageConfig(50_000_000, 64, 160, 1, 50, 64, true));
    assertThat(decoder.decode(ImageFixtures.corpus("renpy_0009.png").bytes()).width()).isEqualTo(1280);
    RgbImage webp = decoder.decode(ImageFixtures.corpus("gcompris_0070.webp").bytes()); // 320x240: step 240 / 64 = 3
    assertThat(webp.width()).isEqualTo(107);
    assertThat(webp.height()).isEqualTo(80);
    assertThat(webp.sourceWidth()).isEqualTo(320);
  }

  @Test
  void greyJpegAndPngKeepTheirValuesWithoutGammaShift() {
    RgbImage jpeg = fullSize.decode(ImageFixtures.corpus("grass_0078.jpg").bytes()); // 1-component JPEG
    int[] p = rgbAt(jpeg, 100, 100);
    assertThat(p[0]).isEqualTo(p[1]).isEqualTo(p[2]);

    BufferedImage grey = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(3, 4, 0, 100);
    RgbImage png = fullSize.decode(ImageFixtures.write(grey, "png"));
    assertThat(rgbAt(png, 3, 4)).containsExactly(100, 100, 100);
    assertThat(rgbAt(png, 0, 0)).containsExactly(0, 0, 0);
  }

  @Test
  void sixteenBitPngsBecomeEightBit() {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
        new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster raster = cm.createCompatibleWritableRaster(4, 2);
    raster.setPixel(1, 1, new int[] {0xFFFF, 0x8080, 0x1234});
    RgbImage rgb = fullSize.decode(ImageFixtures.write(new BufferedImage(cm, raster, false, null), "png"));
    assertThat(rgbAt(rgb, 1, 1)).containsExactly(255, 128, 18);

    BufferedImage grey16 = new BufferedImage(4, 2, BufferedImage.TYPE_USHORT_GRAY);
    grey16.getRaster().setSample(2, 0, 0, 0x6400);
    RgbImage grey = fullSize.decode(ImageFixtures.write(grey16, "png"));
    assertThat(rgbAt(grey, 2, 0)).containsExactly(100, 100, 100);
  }

  @Test
  void alphaIsCompositedOnWhite() {
    BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, new Color(255, 0, 0, 128).getRGB());
    argb.setRGB(1, 0, new Color(0, 0, 255, 255).getRGB());
    argb.setRGB(2, 0, new Color(0, 0, 0, 0).getRGB());
    RgbImage img = fullSize.decode(ImageFixtures.write(argb, "png"));

    assertThat(rgbAt(img, 0, 0)).containsExactly(255, 127, 127);
    assertThat(rgbAt(img, 1, 0)).containsExactly(0, 0, 255);
    assertThat(rgbAt(img, 2, 0)).containsExactly(255, 255, 255);
  }

  @Test
  void greyWithAlphaPngIsCompositedOnWhite() {
    RgbImage img = fullSize.decode(ImageFixtures.corpus("gimphelp_0165.png").bytes()); // 8-bit grey + alpha
    int[] corner = rgbAt(img, 0, 0);
    assertThat(corner[0]).isEqualTo(corner[1]).isEqualTo(corner[2]);
  }

  @Test
  void palettePngGifAndBmpUseTheirColoursAndTransparency() {
    byte[] r = {(byte) 200, 0, 0, 10};
    byte[] g = {0, (byte) 150, 0, 20};
    byte[] b = {0, 0, (byte) 250, 30};
    IndexColorModel palette = new IndexColorModel(8, 4, r, g, b, 3); // index 3 is transparent
    BufferedImage indexed = new BufferedImage(8, 6, BufferedImage.TYPE_BYTE_INDEXED, palette);
    WritableRaster raster = indexed.getRaster();
    raster.setSample(0, 0, 0, 0);
    raster.setSample(1, 0, 0, 1);
    raster.setSample(2, 0, 0, 2);
    raster.setSample(3, 0, 0, 3);

    for (String format : List.of("png", "gif")) {
      RgbImage img = fullSize.decode(ImageFixtures.write(indexed, format));
      assertThat(img.format()).isEqualTo(format);
      assertThat(rgbAt(img, 0, 0)).as(format).containsExactly(200, 0, 0);
      assertThat(rgbAt(img, 1, 0)).as(format).containsExactly(0, 150, 0);
      assertThat(rgbAt(img, 2, 0)).as(format).containsExactly(0, 0, 250);
      assertThat(rgbAt(img, 3, 0)).as(format + " transparent index").containsExactly(255, 255, 255);
    }

    // 256 entries so the JDK writer emits an 8-bit BMP (its 4-bit output loses pixels even for ImageIO).
    byte[] r256 = new byte[256];
    byte[] g256 = new byte[256];
    byte[] b256 = new byte[256];
    r256[0] = (byte) 200;
    g256[1] = (byte) 150;
    b256[2] = (byte) 250;
    BufferedImage bmpSource = new BufferedImage(8, 6, BufferedImage.TYPE_BYTE_INDEXED,
        new IndexColorModel(8, 256, r256, g256, b256));
    bmpSource.getRaster().setSample(5, 4, 0, 2);
    RgbImage bmp = fullSize.decode(ImageFixtures.write(bmpSource, "bmp"));
    assertThat(bmp.format()).isEqualTo("bmp");
    assertThat(rgbAt(bmp, 5, 4)).containsExactly(0, 0, 250);
    assertThat(rgbAt(bmp, 0, 0)).containsExactly(200, 0, 0);
  }

  @Test
  void packedPalettesOfFewerThanEightBitsDecode() {
    IndexColorModel fourBit = new IndexColorModel(4, 3, new byte[] {(byte) 200, 0, 0}, new byte[] {0, (byte) 150, 0},
        new byte[] {0, 0, (byte) 250});
    BufferedImage packed = new BufferedImage(9, 5, BufferedImage.TYPE_BYTE_BINARY, fourBit);
    packed.getRaster().setSample(7, 3, 0, 2);
    packed.getRaster().setSample(8, 4, 0, 1);
    RgbImage png = fullSize.decode(ImageFixtures.write(packed, "png"));
    assertThat(rgbAt(png, 7, 3)).containsExactly(0, 0, 250);
    assertThat(rgbAt(png, 8, 4)).containsExactly(0, 150, 0);
    assertThat(rgbAt(png, 0, 0)).containsExactly(200, 0, 0);

    BufferedImage oneBit = new BufferedImage(9, 5, BufferedImage.TYPE_BYTE_BINARY); // black and white
    oneBit.getRaster().setSample(8, 0, 0, 1);
    RgbImage bw = fullSize.decode(ImageFixtures.write(oneBit, "png"));
    assertThat(rgbAt(bw, 8, 0)).containsExactly(255, 255, 255);
    assertThat(rgbAt(bw, 7, 0)).containsExactly(0, 0, 0);
  }

  @Test
  void twentyFourBitBmpDecodes() {
    BufferedImage image = new BufferedImage(13, 7, BufferedImage.TYPE_3BYTE_BGR); // odd width: padded rows
    image.setRGB(12, 6, new Color(1, 2, 3).getRGB());
    image.setRGB(0, 0, new Color(250, 128, 7).getRGB());
    RgbImage bmp = fullSize.decode(ImageFixtures.write(image, "bmp"));

    assertThat(bmp.width()).isEqualTo(13);
    assertThat(bmp.height()).isEqualTo(7);
    assertThat(rgbAt(bmp, 12, 6)).containsExactly(1, 2, 3);
    assertThat(rgbAt(bmp, 0, 0)).containsExactly(250, 128, 7);
  }

  @Test
  void gifWithThousandsOfFramesDecodesOnlyTheFirst() throws Exception {
    byte[] gif = animatedGif(3000);

    RgbImage img = fullSize.decode(gif);

    assertThat(img.width()).isEqualTo(16);
    assertThat(rgbAt(img, 8, 8)).containsExactly(255, 0, 0);
  }

  /** A GIF whose first frame is red and every later frame blue. */
  static byte[] animatedGif(int frames) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      ImageWriteParam param = writer.getDefaultWriteParam();
      BufferedImage red = ImageFixtures.solid(16, 16, Color.RED);
      BufferedImage blue = ImageFixtures.solid(16, 16, Color.BLUE);
      for (int i = 0; i < frames; i++) writer.writeToSequence(new IIOImage(i == 0 ? red : blue, null, null), param);
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  @Test
  void webpLossyAndExtendedDecode() {
    RgbImage simple = fullSize.decode(ImageFixtures.corpus("gcompris_0070.webp").bytes()); // VP8
    RgbImage extended = fullSize.decode(ImageFixtures.corpus("gcompris_0110.webp").bytes()); // VP8X with ICC

    assertThat(simple.format()).isEqualTo("webp");
    assertThat(meanBrightness(simple)).isBetween(20.0, 235.0);
    assertThat(extended.width()).isEqualTo(214);
    assertThat(meanBrightness(extended)).isBetween(20.0, 235.0);
  }

  @Test
  void cmykJpegDecodesWithPlausibleColours() {
    // Adobe-style CMYK: four components, APP14 "Adobe" with transform 0, ink values stored inverted.
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 16, 4, null);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        int[] ink = x < 16 ? new int[] {255, 0, 0, 0} : new int[] {0, 255, 255, 0}; // cyan | red
        for (int c = 0; c < 4; c++) cmyk.setSample(x, y, c, 255 - ink[c]);
      }
    }
    byte[] adobe = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
    byte[] jpeg = ImageFixtures.insertJpegSegment(rasterJpeg(cmyk), 0xEE, adobe);

    RgbImage img = fullSize.decode(jpeg);

    int[] cyan = rgbAt(img, 4, 8);
    int[] red = rgbAt(img, 28, 8);
    assertThat(cyan[0]).isLessThan(80);
    assertThat(cyan[1]).isGreaterThan(150);
    assertThat(cyan[2]).isGreaterThan(150);
    assertThat(red[0]).isGreaterThan(180);
    assertThat(red[1]).isLessThan(80);
    assertThat(red[2]).isLessThan(80);
  }

  @Test
  void ycckJpegDecodesCloseToItsRgbOriginal() {
    // fixtures/README.md: both made by ImageMagick from opencv_0059.jpg, one converted to CMYK (stored as YCCK).
    RgbImage ycck = fullSize.decode(ImageFixtures.resource("images/fixtures/ycck.jpg"));
    RgbImage reference = fullSize.decode(ImageFixtures.resource("images/fixtures/ycck_reference.jpg"));

    assertThat(ycck.width()).isEqualTo(reference.width());
    assertThat(ycck.height()).isEqualTo(reference.height());
    double diff = 0;
    for (int i = 0; i < ycck.rgb().length; i++) diff += Math.abs((ycck.rgb()[i] & 0xFF) - (reference.rgb()[i] & 0xFF));
    assertThat(diff / ycck.rgb().length).isLessThan(10.0);
  }

  @Test
  void jpegWithAnEmbeddedIccProfileIsConvertedToSrgb() {
    byte[] plain = ImageFixtures.corpus("opencv_0059.jpg").bytes();
    byte[] linear = ImageFixtures.withIccProfile(plain, ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB));

    // The same samples read as linear light are brighter once converted to sRGB.
    assertThat(meanBrightness(fullSize.decode(linear))).isGreaterThan(meanBrightness(fullSize.decode(plain)) + 20);
  }

  @Test
  void concurrentDecodesGiveTheSamePixelsAsSequentialOnes() throws Exception {
    List<ImageFixtures.CorpusImage> images = ImageFixtures.corpus();
    List<byte[]> expected = images.stream().map(i -> fullSize.decode(i.bytes()).rgb()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<byte[]>> results = images.stream()
            .map(i -> pool.submit(() -> fullSize.decode(i.bytes()).rgb())).toList();
        for (int i = 0; i < images.size(); i++) {
          assertThat(results.get(i).get()).as(images.get(i).file()).isEqualTo(expected.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A JPEG straight from a Raster (how the JDK writer makes 4-component files). */
  private static byte[] rasterJpeg(Raster raster) {
    ImageWriter writer = null;
    for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
      ImageWriter candidate = it.next();
      if (candidate.canWriteRasters() && candidate.getClass().getName().startsWith("com.sun")) writer = candidate;
    }
    assertThat(writer).as("the JDK JPEG writer").isNotNull();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  static double meanBrightness(RgbImage img) {
    long sum = 0;
    for (byte v : img.rgb()) sum += v & 0xFF;
    return (double) sum / img.rgb().length;
  }
}
