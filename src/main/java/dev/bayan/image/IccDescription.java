package dev.bayan.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the description ({@code desc} tag) of an ICC profile held in a byte range: enough to tell an sRGB
 * profile ("sRGB IEC61966-2.1", "GIMP built-in sRGB", "Nikon sRGB 4.0.0.3001": the names found in the
 * corpus) from one whose colours need converting ("Display P3", "Adobe RGB (1998)", "linear sRGB").
 * Bounds are checked at every step; anything unreadable gives "" (so: not sRGB).
 */
final class IccDescription {
  private static final int HEADER = 128;

  private IccDescription() {}

  /** True when the profile describes itself as (non-linear) sRGB. */
  static boolean isSrgb(byte[] b, int from, int end) {
    String description = read(b, from, end);
    return description.contains("sRGB") && !description.toLowerCase(Locale.ROOT).contains("linear");
  }

  static String read(byte[] b, int from, int end) {
    if (end - from < HEADER + 4) return "";
    long tags = u32(b, from + HEADER);
    for (long i = 0; i < tags; i++) {
      int entry = from + HEADER + 4 + (int) (12 * i);
      if (entry + 12 > end) return "";
      if (!ImageFormat.ascii(b, entry, "desc")) continue;
      long offset = u32(b, entry + 4);
      long size = u32(b, entry + 8);
      if (offset + size > end - from || size < 12) return "";
      return text(b, from + (int) offset, from + (int) (offset + size));
    }
    return "";
  }

  /** ICC v2 {@code desc} (ASCII) or v4 {@code mluc} (UTF-16BE, first record). */
  private static String text(byte[] b, int at, int end) {
    if (ImageFormat.ascii(b, at, "desc")) {
      long length = u32(b, at + 8);
      if (length > end - at - 12) return "";
      return new String(b, at + 12, (int) length, StandardCharsets.US_ASCII).trim();
    }
    if (ImageFormat.ascii(b, at, "mluc") && end - at >= 28 && u32(b, at + 8) > 0) {
      long length = u32(b, at + 20);
      long offset = u32(b, at + 24);
      if (offset + length > end - at) return "";
      return new String(b, at + (int) offset, (int) length, StandardCharsets.UTF_16BE).trim();
    }
    return "";
  }

  private static long u32(byte[] b, int at) {
    if (at + 4 > b.length) return Long.MAX_VALUE / 4; // fails every bounds check above
    return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
  }
}
