package dev.bayan.image;

import dev.bayan.error.UnsupportedMedia;
import java.nio.charset.StandardCharsets;

/** The container formats Bayan decodes, recognised by their magic bytes (never by the content type). */
enum ImageFormat {
  JPEG("jpeg"), PNG("png"), GIF("gif"), WEBP("webp"), BMP("bmp");

  static final String SUPPORTED = "jpeg, png, gif, webp, bmp";

  private final String label;

  ImageFormat(String label) {
    this.label = label;
  }

  /** The lower-case name used in {@link RgbImage#format()} and as the ImageIO format name. */
  String label() {
    return label;
  }

  /** Recognises a supported format or fails with {@code unsupported_media_type}. */
  static ImageFormat sniff(byte[] b) {
    if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) return JPEG;
    if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return PNG;
    if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) return GIF;
    if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return WEBP;
    if (ascii(b, 0, "BM")) return BMP;
    String known = knownUnsupported(b);
    String what = known == null ? "the data is not a supported image" : known + " images are not supported";
    throw new UnsupportedMedia("unsupported_media_type", what + "; supported types: " + SUPPORTED);
  }

  /** Names the formats people commonly upload that we refuse, so the error message is helpful. */
  private static String knownUnsupported(byte[] b) {
    if (ascii(b, 0, "II*\0") || ascii(b, 0, "MM\0*")) return "tiff";
    if (ascii(b, 4, "ftyp")) {
      String brand = b.length >= 12 ? new String(b, 8, 4, StandardCharsets.US_ASCII) : "";
      return brand.startsWith("avi") ? "avif" : "heif";
    }
    if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) return "jpeg xl";
    if (startsWith(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ')) return "jpeg 2000";
    if (startsWith(b, 0, 0, 0, 1, 0)) return "ico";
    if (ascii(b, 0, "8BPS")) return "psd";
    if (ascii(b, 0, "%PDF")) return "pdf";
    String head = new String(b, 0, Math.min(b.length, 1024), StandardCharsets.ISO_8859_1);
    if (head.contains("<svg")) return "svg";
    return null;
  }

  private static boolean startsWith(byte[] b, int at, int... expected) {
    if (b.length < at + expected.length) return false;
    for (int i = 0; i < expected.length; i++) {
      if ((b[at + i] & 0xFF) != expected[i]) return false;
    }
    return true;
  }

  /** {@code b} holds the ASCII text {@code expected} at {@code at} (false when it runs past the end). */
  static boolean ascii(byte[] b, int at, String expected) {
    if (b.length < at + expected.length()) return false;
    for (int i = 0; i < expected.length(); i++) {
      if (b[at + i] != (byte) expected.charAt(i)) return false;
    }
    return true;
  }
}
