package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bayan.config.ImageConfig;
import dev.bayan.error.BadInput;
import dev.bayan.error.BayanException;
import dev.bayan.error.TooLarge;
import dev.bayan.error.UnsupportedMedia;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bombs, truncations, garbage and formats we refuse: each ends in a stable error code. */
class HostileInputTest {
  private static final long MAX_PIXELS = 50_000_000;
  private final ImageDecoder decoder = new ImageDecoder(new ImageConfig(MAX_PIXELS, 512, 160, 1, 50, 64, true));

  @Test
  void emptyInputIsBadInput() {
    assertThat(failure(BadInput.class, new byte[0]).code()).isEqualTo("image_empty");
    assertThat(catchThrowableOfType(BadInput.class, () -> decoder.decode(null)).code()).isEqualTo("image_empty");
  }

  @Test
  void pngBombIsRefusedFromItsHeader() {
    byte[] bomb = pngBomb(20_000, 20_000, true); // 1-bit grey: 50 MB of zero rows deflate to ~50 KB
    assertThat(bomb.length).isLessThan(100_000);

    TooLarge refused = failure(TooLarge.class, bomb);

    assertThat(refused.code()).isEqualTo("image_too_many_pixels");
    assertThat(refused.getMessage()).contains("20000x20000");
  }

  @Test
  void pngBombWithUndecodableDataIsStillTooLargeSoNothingWasDecoded() {
    // Had the decoder touched the pixel data it would have failed as image_corrupt.
    assertThat(failure(TooLarge.class, pngBomb(20_000, 20_000, false)).code()).isEqualTo("image_too_many_pixels");
  }

  @Test
  void oversizedJpegGifBmpAndWebpHeadersAreRefused() {
    byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.solid(16, 16, Color.RED), 0.9f);
    int sof = ImageFixtures.indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0}, 2);
    jpeg[sof + 5] = (byte) 0xEA; // height 60000
    jpeg[sof + 6] = (byte) 0x60;
    jpeg[sof + 7] = (byte) 0xEA; // width 60000
    jpeg[sof + 8] = (byte) 0x60;
    assertThat(failure(TooLarge.class, jpeg).code()).isEqualTo("image_too_many_pixels");

    byte[] gif = ImageFixtures.write(ImageFixtures.solid(16, 16, Color.RED), "gif");
    int descriptor = ImageFixtures.indexOf(gif, new byte[] {0x2C}, 13); // image descriptor: ',' x y w h
    for (int at : new int[] {6, 8, descriptor + 5, descriptor + 7}) { // screen and frame: 65535 x 65535
      gif[at] = (byte) 0xFF;
      gif[at + 1] = (byte) 0xFF;
    }
    assertThat(failure(TooLarge.class, gif).code()).isEqualTo("image_too_many_pixels");

    byte[] bmp = ImageFixtures.write(ImageFixtures.solid(16, 16, Color.RED), "bmp");
    putIntLe(bmp, 18, 50_000); // width
    putIntLe(bmp, 22, 50_000); // height
    assertThat(failure(TooLarge.class, bmp).code()).isEqualTo("image_too_many_pixels");
  }

  @Test
  void webpWhoseBitstreamIsLargerThanItsCanvasIsRefused() {
    // VP8X declares a 320x230 canvas; the VP8 frame inside claims 16383x16383, which the reader
    // would allocate without comparing with the canvas.
    byte[] webp = ImageFixtures.corpus("gcompris_0068.webp").bytes();
    int vp8 = ImageFixtures.indexOf(webp, "VP8 ".getBytes(StandardCharsets.US_ASCII), 12);
    int data = vp8 + 8;
    webp[data + 6] = (byte) 0xFF;
    webp[data + 7] = (byte) 0x3F;
    webp[data + 8] = (byte) 0xFF;
    webp[data + 9] = (byte) 0x3F;

    TooLarge refused = failure(TooLarge.class, webp);

    assertThat(refused.code()).isEqualTo("image_too_many_pixels");
    assertThat(refused.getMessage()).contains("16383x16383");
  }

  @Test
  void bmpWithAPixelOffsetPastTheEndOrAnEmbeddedPngIsRefused() {
    byte[] bmp = ImageFixtures.write(ImageFixtures.solid(16, 16, Color.RED), "bmp");
    byte[] farOffset = bmp.clone();
    putIntLe(farOffset, 10, 0x7FFF_FFF0); // would size a 2 GB palette
    assertThat(failure(BadInput.class, farOffset).code()).isEqualTo("image_corrupt");

    byte[] embeddedPng = bmp.clone();
    putIntLe(embeddedPng, 30, 5); // BI_PNG: the reader would decode a PNG whose size we never checked
    assertThat(failure(UnsupportedMedia.class, embeddedPng).code()).isEqualTo("unsupported_media_type");
  }

  @Test
  void jpegWithThousandsOfScansIsRefusedBeforeDecoding() {
    byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.solid(64, 64, Color.BLUE), 0.9f);
    int sos = ImageFixtures.indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xDA}, 2);
    byte[] scan = Arrays.copyOfRange(jpeg, sos, jpeg.length - 2); // SOS header + entropy data, no EOI
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, sos);
    for (int i = 0; i < 2_000; i++) out.writeBytes(scan);
    out.write(0xFF);
    out.write(0xD9);

    TooLarge refused = failure(TooLarge.class, out.toByteArray());

    assertThat(refused.code()).isEqualTo("image_too_many_scans");
    assertThat(refused.getMessage()).contains("2000 scans");
  }

  @ParameterizedTest
  @ValueSource(strings = {"opencv_0059.jpg", "tuxpaint_0007.jpg", "opencv_0061.png", "gimphelp_0439.png",
      "gcompris_0070.webp", "gcompris_0068.webp", "generated.gif", "generated.bmp"})
  void truncatedFilesAreCorrupt(String name) {
    byte[] whole = switch (name) {
      case "generated.gif" -> ImageFixtures.write(ImageFixtures.corpusImage("opencv_0059.jpg"), "gif");
      case "generated.bmp" -> ImageFixtures.write(ImageFixtures.corpusImage("opencv_0059.jpg"), "bmp");
      default -> ImageFixtures.corpus(name).bytes();
    };
    assertThat(decoder.decode(whole).width()).isGreaterThan(0);

    // A PNG cut inside IEND still holds all its pixel data (zlib says so) and decodes; other cuts of
    // the last bytes lose data or an end marker.
    int nearEnd = name.endsWith(".png") ? whole.length - 40 : whole.length - 3;
    for (int length : new int[] {whole.length / 2, whole.length * 9 / 10, nearEnd}) {
      BadInput failure = failure(BadInput.class, Arrays.copyOf(whole, length));
      assertThat(failure.code()).as("%s cut to %d of %d bytes", name, length, whole.length).isEqualTo("image_corrupt");
    }
  }

  @Test
  void pngMissingOnlyItsEndChunkStillDecodes() {
    byte[] whole = ImageFixtures.corpus("opencv_0061.png").bytes();
    RgbImage complete = decoder.decode(whole);

    RgbImage cut = decoder.decode(Arrays.copyOf(whole, whole.length - 12)); // no IEND chunk at all

    assertThat(cut.rgb()).isEqualTo(complete.rgb());
  }

  @Test
  void headerOnlyFilesAreCorrupt() {
    for (String name : new String[] {"opencv_0059.jpg", "opencv_0061.png", "gcompris_0070.webp"}) {
      byte[] whole = ImageFixtures.corpus(name).bytes();
      for (int length : new int[] {12, 16, 40}) { // shorter PNG/WebP prefixes are not even recognisable
        BayanException failure = catchThrowableOfType(BayanException.class,
            () -> decoder.decode(Arrays.copyOf(whole, length)));
        assertThat(failure).as("%s cut to %d bytes", name, length).isInstanceOf(BadInput.class);
        assertThat(failure.code()).isEqualTo("image_corrupt");
      }
    }
  }

  @Test
  void randomBytesAreUnsupportedAndRandomBytesBehindAMagicNumberAreCorrupt() {
    Random random = new Random(42);
    byte[] noise = new byte[4096];
    random.nextBytes(noise);
    noise[0] = 0x13; // make sure it is no known signature
    UnsupportedMedia unknown = failure(UnsupportedMedia.class, noise);
    assertThat(unknown.code()).isEqualTo("unsupported_media_type");
    assertThat(unknown.getMessage()).contains("jpeg, png, gif, webp, bmp");

    byte[][] signatures = {
        {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
        "GIF89a".getBytes(StandardCharsets.US_ASCII), "BM".getBytes(StandardCharsets.US_ASCII),
        "RIFF\0\u0010\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1)};
    for (byte[] signature : signatures) {
      byte[] garbage = noise.clone();
      System.arraycopy(signature, 0, garbage, 0, signature.length);
      assertThat(failure(BadInput.class, garbage).code())
          .as(new String(signature, StandardCharsets.ISO_8859_1)).isEqualTo("image_corrupt");
    }
  }

  @Test
  void svgTiffHeicAndAvifAreUnsupportedMedia() {
    byte[] svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"
        .getBytes(StandardCharsets.UTF_8);
    byte[] tiff = ImageFixtures.write(ImageFixtures.solid(8, 8, Color.RED), "tiff");
    byte[] heic = ftyp("heic");
    byte[] avif = ftyp("avif");

    assertUnsupported(svg, "svg");
    assertUnsupported(tiff, "tiff");
    assertUnsupported(heic, "heif");
    assertUnsupported(avif, "avif");
  }

  private void assertUnsupported(byte[] bytes, String named) {
    UnsupportedMedia refused = failure(UnsupportedMedia.class, bytes);
    assertThat(refused.code()).isEqualTo("unsupported_media_type");
    assertThat(refused.getMessage()).contains(named).contains("supported types: jpeg, png, gif, webp, bmp");
  }

  private <T extends BayanException> T failure(Class<T> type, byte[] bytes) {
    T failure = catchThrowableOfType(type, () -> decoder.decode(bytes));
    assertThat(failure).as("expected %s", type.getSimpleName()).isNotNull();
    return failure;
  }

  private static byte[] ftyp(String brand) {
    byte[] box = new byte[32];
    ImageFixtures.putIntBe(box, 0, 24);
    System.arraycopy(("ftyp" + brand + "\0\0\0\0mif1" + brand).getBytes(StandardCharsets.US_ASCII), 0, box, 4, 20);
    return box;
  }

  private static void putIntLe(byte[] b, int at, int value) {
    b[at] = (byte) value;
    b[at + 1] = (byte) (value >>> 8);
    b[at + 2] = (byte) (value >>> 16);
    b[at + 3] = (byte) (value >>> 24);
  }

  /** A 1-bit greyscale PNG of the given size whose IDAT is either valid zlib of zero rows or noise. */
  static byte[] pngBomb(int width, int height, boolean validData) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(PngFiles.SIGNATURE);
    byte[] ihdr = PngFiles.header(width, height, 1, 0, 0); // 1-bit greyscale
    PngFiles.chunk(png, "IHDR", ihdr);
    PngFiles.chunk(png, "IDAT", validData ? zeroRows(width, height) : new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    PngFiles.chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static byte[] zeroRows(int width, int height) {
    byte[] row = new byte[1 + (width + 7) / 8]; // filter byte + packed bits
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    for (int y = 0; y < height; y++) {
      deflater.setInput(row);
      while (!deflater.needsInput()) out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.finish();
    while (!deflater.finished()) out.write(buffer, 0, deflater.deflate(buffer));
    deflater.end();
    return out.toByteArray();
  }
}
