package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.ImageConfig;
import dev.bayan.error.BayanException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pure-Java PNG decoder gives exactly the Java path's pixels (ImageIO + RgbPixels) for every colour
 * type and depth it covers, every filter, short palettes and split image data; everything it declines
 * (interlace, 16 bits, colour keys, ICC profiles, damage) gets exactly the Java path's answer.
 */
class PngDecoderTest {
  private static final long MAX_PIXELS = 50_000_000;
  /** The JDK's zlib, and libdeflate where it loaded (JDK 22+): each test runs on both. */
  private static final List<PngDecoder> INFLATERS = inflaters();
  private final ImageDecoder decoder = new ImageDecoder(new ImageConfig(MAX_PIXELS, 512, 160, 1, 50, 64, false));

  private static List<PngDecoder> inflaters() {
    FastDecoder nativePng = NativeDecoders.available().get(ImageFormat.PNG);
    PngDecoder java = new PngDecoder(new JavaPngInflater());
    return nativePng == null ? List.of(java) : List.of(java, (PngDecoder) nativePng);
  }

  static List<ImageFixtures.CorpusImage> pngs() {
    return ImageFixtures.corpus().stream().filter(c -> c.file().endsWith(".png")).toList();
  }

  @ParameterizedTest
  @MethodSource("pngs")
  void corpusPngsDecodeExactlyAsTheJavaPath(ImageFixtures.CorpusImage image) {
    byte[] bytes = image.bytes();
    RgbImage java = decoder.decodeInJava(ImageFormat.PNG, bytes);
    boolean declinable = bytes[28] != 0 || ImageFixtures.indexOf(bytes, "iCCP".getBytes(), 8) >= 0;
    for (PngDecoder png : INFLATERS) {
      RgbImage fast = png.decode(bytes, 512, MAX_PIXELS);
      if (declinable && fast == null) continue; // the Java path's answer, as the decline tests below check
      assertThat(fast).as("a plain PNG is not declined").isNotNull();
      assertSamePixels(fast, java);
    }
  }

  /** Random pixels (every Paeth branch), all five filters in turn, odd width (packed samples end mid-byte). */
  @ParameterizedTest(name = "colour type {0}, {1} bits")
  @CsvSource({"0,1", "0,2", "0,4", "0,8", "2,8", "3,1", "3,2", "3,4", "3,8", "4,8", "6,8"})
  void everyCoveredTypeAndDepthMatchesTheJavaPath(int colourType, int depth) {
    Random random = new Random(colourType * 31L + depth);
    int width = 37;
    int height = 12;
    int channels = switch (colourType) {
      case 2 -> 3;
      case 4 -> 2;
      case 6 -> 4;
      default -> 1;
    };
    byte[][] rows = new byte[height][(width * channels * depth + 7) / 8];
    for (byte[] row : rows) random.nextBytes(row);
    Object[] extra = {};
    if (colourType == 3) {
      // fewer entries than the depth allows, so some indices point past the end; alphas for half of them
      int entries = Math.max(1, (1 << depth) - 3);
      byte[] palette = new byte[entries * 3];
      byte[] alphas = new byte[(entries + 1) / 2];
      random.nextBytes(palette);
      random.nextBytes(alphas);
      extra = new Object[] {"PLTE", palette, "tRNS", alphas};
    }
    byte[] file = PngFiles.file(PngFiles.header(width, height, depth, colourType, 0), extra,
        PngFiles.deflate(PngFiles.filter(rows, Math.max(1, channels * depth / 8), 0, 1, 2, 3, 4)), 4);

    RgbImage java = decoder.decodeInJava(ImageFormat.PNG, file);
    for (PngDecoder png : INFLATERS) {
      RgbImage fast = png.decode(file, 512, MAX_PIXELS);
      assertThat(fast).isNotNull();
      assertSamePixels(fast, java);
    }
    assertSamePixels(decoder.decode(file), java);
  }

  @Test
  void imageDataInManyChunksIncludingEmptyOnes() {
    byte[][] rows = new byte[40][64 * 4];
    new Random(7).nextBytes(rows[0]);
    for (int y = 1; y < rows.length; y++) rows[y] = rows[0].clone();
    byte[] zlib = PngFiles.deflate(PngFiles.filter(rows, 4, 4, 2));
    byte[] file = PngFiles.file(PngFiles.header(64, 40, 8, 6, 0), new Object[0], zlib, zlib.length + 5);

    RgbImage java = decoder.decodeInJava(ImageFormat.PNG, file);
    for (PngDecoder png : INFLATERS) assertSamePixels(png.decode(file, 512, MAX_PIXELS), java);
  }

  /**
   * A missing IEND changes nothing; a PLTE or tRNS after the image data (against the specification, and
   * ImageIO honours it for palettes) is declined, so the answer stays ImageIO's.
   */
  @Test
  void chunksAfterTheImageDataAreLeftToTheJavaPathAndAMissingEndChangesNothing() {
    byte[][] rows = new byte[6][9];
    new Random(5).nextBytes(rows[2]);
    byte[] zlib = PngFiles.deflate(PngFiles.filter(rows, 1, 2));
    byte[] ihdr = PngFiles.header(9, 6, 8, 3, 0);
    byte[] palette = new byte[256 * 3];
    new Random(6).nextBytes(palette);
    byte[] plain = PngFiles.file(ihdr, new Object[] {"PLTE", palette}, zlib, 1);
    byte[] noEnd = Arrays.copyOf(plain, plain.length - 12);
    List<byte[]> late = List.of(insertBeforeEnd(plain, "tRNS", new byte[] {0, 0, 0, 0, 0, 0, 0, 0}),
        insertBeforeEnd(PngFiles.file(ihdr, new Object[0], zlib, 1), "PLTE", palette));

    RgbImage java = decoder.decodeInJava(ImageFormat.PNG, plain);
    for (PngDecoder png : INFLATERS) {
      assertSamePixels(png.decode(noEnd, 512, MAX_PIXELS), java);
      for (byte[] file : late) assertThat(png.decode(file, 512, MAX_PIXELS)).isNull();
    }
    for (byte[] file : late) {
      assertSameAnswerAsTheJavaPath(file);
    }
  }

  private static byte[] insertBeforeEnd(byte[] png, String type, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, png.length - 12);
    PngFiles.chunk(out, type, data);
    out.write(png, png.length - 12, 12);
    return out.toByteArray();
  }

  /** ImageIO stops after the rows it needs, but zlib still checks the checksum that follows them. */
  @Test
  void dataPastTheLastRowDecodesAndAWrongChecksumIsCorruptAsInImageIo() {
    byte[][] rows = new byte[10][20 * 3];
    new Random(11).nextBytes(rows[3]);
    byte[][] longer = Arrays.copyOf(rows, 14);
    for (int y = 10; y < 14; y++) longer[y] = rows[3];
    byte[] ihdr = PngFiles.header(20, 10, 8, 2, 0);
    byte[] moreRows = PngFiles.file(ihdr, new Object[0], PngFiles.deflate(PngFiles.filter(longer, 3, 1, 4)), 1);
    byte[] badChecksum = PngFiles.deflate(PngFiles.filter(rows, 3, 1, 4));
    badChecksum[badChecksum.length - 1] ^= 0x5A;
    byte[] checksumWrong = PngFiles.file(ihdr, new Object[0], badChecksum, 2);

    RgbImage java = decoder.decodeInJava(ImageFormat.PNG, moreRows);
    for (PngDecoder png : INFLATERS) {
      assertSamePixels(png.decode(moreRows, 512, MAX_PIXELS), java);
      assertThat(png.decode(checksumWrong, 512, MAX_PIXELS)).isNull();
    }
    assertThat(outcome(() -> decoder.decodeInJava(ImageFormat.PNG, checksumWrong))).isEqualTo("image_corrupt");
    assertThat(outcome(() -> decoder.decode(checksumWrong))).isEqualTo("image_corrupt");
  }

  @Test
  void interlacedSixteenBitColourKeyedAndProfiledFilesAreDeclinedAndKeepTheJavaPathsAnswer() {
    BufferedImage picture = ImageFixtures.corpusImage("opencv_0061.png");
    byte[][] greyRows = new byte[8][16 * 2];
    new Random(3).nextBytes(greyRows[0]);
    byte[] rgbRows = PngFiles.deflate(PngFiles.filter(new byte[][] {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 1, 2, 3}}, 3, 1));
    List<byte[]> declined = List.of(
        interlaced(picture),
        PngFiles.file(PngFiles.header(16, 8, 16, 0, 0), new Object[0],
            PngFiles.deflate(PngFiles.filter(greyRows, 2, 1)), 1),
        PngFiles.file(PngFiles.header(2, 2, 8, 2, 0), new Object[] {"tRNS", new byte[] {0, 1, 0, 2, 0, 3}}, rgbRows, 1),
        PngFiles.file(PngFiles.header(2, 2, 8, 2, 0), new Object[] {"iCCP", iccChunk()}, rgbRows, 1));

    for (byte[] file : declined) {
      for (PngDecoder png : INFLATERS) assertThat(png.decode(file, 512, MAX_PIXELS)).isNull();
      assertSameAnswerAsTheJavaPath(file);
    }
    assertThat(decoder.decode(declined.get(2)).rgb()[0]).as("the colour-keyed pixel is white").isEqualTo((byte) 255);
  }

  @Test
  void damagedFilesAreDeclinedAndGetTheJavaPathsAnswer() {
    byte[][] rows = new byte[20][30 * 3];
    Random random = new Random(20);
    for (byte[] row : rows) random.nextBytes(row);
    byte[] filtered = PngFiles.filter(rows, 3, 4);
    byte[] badFilter = filtered.clone();
    badFilter[5 * (30 * 3 + 1)] = 5; // row 5's filter type
    byte[] zlib = PngFiles.deflate(filtered);
    byte[] ihdr = PngFiles.header(30, 20, 8, 2, 0);
    List<byte[]> damaged = List.of(
        PngFiles.file(ihdr, new Object[0], PngFiles.deflate(badFilter), 1),
        PngFiles.file(ihdr, new Object[0], Arrays.copyOf(zlib, zlib.length / 2), 1), // data stops mid-stream
        // rows missing
        PngFiles.file(ihdr, new Object[0], PngFiles.deflate(Arrays.copyOf(filtered, filtered.length / 2)), 1),
        PngFiles.file(ihdr, new Object[0], new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 1), // not zlib
        PngFiles.file(PngFiles.header(30, 20, 8, 3, 0), new Object[0], zlib, 1)); // palette image without PLTE

    for (byte[] file : damaged) {
      for (PngDecoder png : INFLATERS) assertThat(png.decode(file, 512, MAX_PIXELS)).isNull();
      assertSameAnswerAsTheJavaPath(file);
    }
    assertThat(outcome(() -> decoder.decode(damaged.get(1)))).isEqualTo("image_corrupt");
  }

  private static void assertSamePixels(RgbImage actual, RgbImage expected) {
    assertThat(actual.width()).isEqualTo(expected.width());
    assertThat(actual.height()).isEqualTo(expected.height());
    int first = Arrays.mismatch(actual.rgb(), expected.rgb());
    assertThat(first).as("first differing byte (pixel %d, %d)", first / 3 % actual.width(), first / 3 / actual.width())
        .isEqualTo(-1);
  }

  private void assertSameAnswerAsTheJavaPath(byte[] file) {
    String java = outcome(() -> decoder.decodeInJava(ImageFormat.PNG, file));
    assertThat(outcome(() -> decoder.decode(file))).isEqualTo(java);
  }

  /** Pixels as a string, or the failure's code: what the caller of the decoder sees. */
  private static String outcome(Supplier<RgbImage> decode) {
    try {
      RgbImage img = decode.get();
      return img.width() + "x" + img.height() + ":" + Arrays.hashCode(img.rgb());
    } catch (BayanException e) {
      return e.code();
    }
  }

  private static byte[] interlaced(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT); // Adam7
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    byte[] bytes = out.toByteArray();
    assertThat(bytes[28]).as("interlace method in IHDR").isEqualTo((byte) 1);
    return bytes;
  }

  /** An iCCP chunk: a name, compression method 0 and the zlib-compressed sRGB profile. */
  private static byte[] iccChunk() {
    byte[] profile = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData();
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    chunk.writeBytes("sRGB profile".getBytes());
    chunk.write(0);
    chunk.write(0);
    chunk.writeBytes(PngFiles.deflate(profile));
    return chunk.toByteArray();
  }
}
