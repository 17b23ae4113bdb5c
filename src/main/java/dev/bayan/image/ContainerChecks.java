package dev.bayan.image;

import dev.bayan.error.BadInput;
import dev.bayan.error.TooLarge;
import dev.bayan.error.UnsupportedMedia;
import java.nio.charset.StandardCharsets;

/**
 * Cheap structural checks run before an ImageIO reader sees the bytes. They close the gaps where a
 * reader would trust a size it never checks against the header we validate (WebP bitstreams inside
 * a VP8X canvas, BMP palette offsets and embedded JPEG/PNG) or would silently succeed on a broken
 * file (truncated WebP).
 */
final class ContainerChecks {
  /** Progressive JPEGs use about 10 scans; thousands are an attack on decode time. */
  static final int MAX_JPEG_SCANS = 250;

  private ContainerChecks() {}

  /** Returns the JPEG's structure (callers need its orientation); {@code null} for other formats. */
  static JpegStructure check(ImageFormat format, byte[] b, long maxPixels) {
    switch (format) {
      case JPEG -> {
        JpegStructure jpeg = JpegStructure.parse(b);
        if (jpeg.scans() > MAX_JPEG_SCANS) {
          throw new TooLarge("image_too_many_scans",
              "the JPEG has " + jpeg.scans() + " scans; at most " + MAX_JPEG_SCANS + " are accepted");
        }
        if (!jpeg.complete()) throw corrupt("the JPEG is truncated (no end-of-image marker after its scans)");
        return jpeg;
      }
      case WEBP -> checkWebP(b, maxPixels);
      case BMP -> checkBmp(b, maxPixels);
      default -> { }
    }
    return null;
  }

  /** Every VP8/VP8L bitstream, including those inside animation frames, must respect the pixel limit. */
  private static void checkWebP(byte[] b, long maxPixels) {
    long declared = 8 + u32le(b, 4);
    if (declared > b.length) throw corrupt("the WebP is truncated");
    checkWebPChunks(b, 12, (int) declared, maxPixels);
  }

  private static void checkWebPChunks(byte[] b, int pos, int end, long maxPixels) {
    while (pos + 8 <= end) {
      long size = u32le(b, pos + 4);
      int data = pos + 8;
      if (data + size > end) throw corrupt("a WebP chunk runs past the end of the file");
      int dataEnd = (int) (data + size);
      switch (fourCc(b, pos)) {
        case "VP8 " -> {
          if (size < 10) throw corrupt("the VP8 chunk is too short");
          requirePixels((u16le(b, data + 6) & 0x3FFF), (u16le(b, data + 8) & 0x3FFF), maxPixels);
        }
        case "VP8L" -> {
          if (size < 5) throw corrupt("the VP8L chunk is too short");
          long bits = u32le(b, data + 1);
          requirePixels((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1, maxPixels);
        }
        case "ANMF" -> checkWebPChunks(b, data + 16, dataEnd, maxPixels);
        default -> { }
      }
      pos = dataEnd + (dataEnd & 1); // chunks are padded to an even length
    }
  }

  /**
   * The JDK's BMP reader sizes the palette from the pixel-data offset, accepts any size for RLE data
   * and hands embedded JPEG/PNG payloads to other readers whose size we never checked.
   */
  private static void checkBmp(byte[] b, long maxPixels) {
    if (b.length < 26) throw corrupt("the BMP header is truncated");
    long pixelOffset = u32le(b, 10);
    long infoSize = u32le(b, 14);
    if (infoSize != 12 && infoSize != 40 && infoSize != 52 && infoSize != 56 && infoSize != 64
        && infoSize != 108 && infoSize != 124) {
      throw corrupt("the BMP header has an unknown size");
    }
    if (14 + infoSize > b.length || pixelOffset > b.length) throw corrupt("the BMP is truncated");
    // Checked here too: for RLE data the JDK reader takes any size, so an RLE BMP is a compact bomb.
    long width = infoSize == 12 ? u16le(b, 18) : (int) u32le(b, 18);
    long height = infoSize == 12 ? u16le(b, 20) : Math.abs((long) (int) u32le(b, 22)); // negative: top-down
    requirePixels(width, height, maxPixels);
    if (infoSize >= 40) {
      long compression = u32le(b, 30);
      if (compression == 4 || compression == 5) {
        throw new UnsupportedMedia("unsupported_media_type",
            "bmp with embedded jpeg/png is not supported; supported types: " + ImageFormat.SUPPORTED);
      }
    }
  }

  static void requirePixels(long width, long height, long maxPixels) {
    if (width < 1 || height < 1) throw corrupt("the image declares an empty size");
    if (width * height > maxPixels) {
      throw new TooLarge("image_too_many_pixels",
          "the image is " + width + "x" + height + " pixels; at most " + maxPixels + " pixels are accepted");
    }
  }

  static BadInput corrupt(String message) {
    return new BadInput("image_corrupt", message);
  }

  private static String fourCc(byte[] b, int at) {
    return new String(b, at, 4, StandardCharsets.ISO_8859_1);
  }

  private static int u16le(byte[] b, int at) {
    return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
  }

  private static long u32le(byte[] b, int at) {
    return (u16le(b, at) & 0xFFFFL) | ((long) u16le(b, at + 2) << 16);
  }
}
