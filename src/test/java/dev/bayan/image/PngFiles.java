package dev.bayan.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Hand-built PNG files, for what ImageIO's writer never produces: a chosen filter on every row, short
 * palettes, colour keys, image data split over many chunks, damage in exact places.
 */
final class PngFiles {
  static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  private PngFiles() {}

  static byte[] header(int width, int height, int depth, int colourType, int interlace) {
    byte[] ihdr = new byte[13];
    ImageFixtures.putIntBe(ihdr, 0, width);
    ImageFixtures.putIntBe(ihdr, 4, height);
    ihdr[8] = (byte) depth;
    ihdr[9] = (byte) colourType;
    ihdr[12] = (byte) interlace;
    return ihdr;
  }

  static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
    byte[] length = new byte[4];
    ImageFixtures.putIntBe(length, 0, data.length);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    byte[] crcBytes = new byte[4];
    ImageFixtures.putIntBe(crcBytes, 0, (int) crc.getValue());
    png.writeBytes(length);
    png.writeBytes(typeBytes);
    png.writeBytes(data);
    png.writeBytes(crcBytes);
  }

  /**
   * The filtered scanlines of {@code rows} (raw bytes per row), row y with filter {@code filters[y % n]},
   * as an encoder computes them: each byte minus its predictor from the raw neighbours.
   */
  static byte[] filter(byte[][] rows, int bytesPerPixel, int... filters) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] up = new byte[rows[0].length];
    for (int y = 0; y < rows.length; y++) {
      int type = filters[y % filters.length];
      byte[] row = rows[y];
      out.write(type);
      for (int i = 0; i < row.length; i++) {
        int left = i >= bytesPerPixel ? row[i - bytesPerPixel] & 0xFF : 0;
        int above = up[i] & 0xFF;
        int aboveLeft = i >= bytesPerPixel ? up[i - bytesPerPixel] & 0xFF : 0;
        int predictor = switch (type) {
          case 0 -> 0;
          case 1 -> left;
          case 2 -> above;
          case 3 -> (left + above) / 2;
          case 4 -> paethPredictor(left, above, aboveLeft);
          default -> throw new IllegalArgumentException("filter " + type);
        };
        out.write((row[i] - predictor) & 0xFF);
      }
      up = row;
    }
    return out.toByteArray();
  }

  /** The PNG specification's predictor, written from its text. */
  private static int paethPredictor(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) return a;
    return pb <= pc ? b : c;
  }

  static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater();
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    while (!deflater.finished()) out.write(buffer, 0, deflater.deflate(buffer));
    deflater.end();
    return out.toByteArray();
  }

  /**
   * A whole file: IHDR, then {@code extra} chunks as (type, data) pairs, then the zlib stream in
   * {@code pieces} IDAT chunks (the first ones possibly empty), then IEND.
   */
  static byte[] file(byte[] ihdr, Object[] extra, byte[] zlib, int pieces) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(SIGNATURE);
    chunk(png, "IHDR", ihdr);
    for (int i = 0; i < extra.length; i += 2) chunk(png, (String) extra[i], (byte[]) extra[i + 1]);
    for (int p = 0; p < pieces; p++) {
      int from = (int) ((long) zlib.length * p / pieces);
      int to = (int) ((long) zlib.length * (p + 1) / pieces);
      byte[] piece = new byte[to - from];
      System.arraycopy(zlib, from, piece, 0, piece.length);
      chunk(png, "IDAT", piece);
    }
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }
}
