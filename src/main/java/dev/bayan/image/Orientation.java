package dev.bayan.image;

/**
 * EXIF orientation (TIFF tag 0x0112): how stored pixels must be turned to appear upright.
 * 1 normal, 2 mirrored, 3 rotated 180, 4 flipped, 5 transposed, 6 needs 90 clockwise,
 * 7 transversed, 8 needs 90 counter-clockwise.
 */
final class Orientation {
  private static final int TAG_ORIENTATION = 0x0112;
  private static final int TYPE_SHORT = 3;

  private Orientation() {}

  /** Reads the orientation from an APP1 payload {@code b[start, end)}; 0 when absent or invalid. */
  static int fromExif(byte[] b, int start, int end) {
    if (end - start < 14 || !(b[start] == 'E' && b[start + 1] == 'x' && b[start + 2] == 'i' && b[start + 3] == 'f'
        && b[start + 4] == 0 && b[start + 5] == 0)) {
      return 0;
    }
    int tiff = start + 6;
    boolean little;
    if (b[tiff] == 'I' && b[tiff + 1] == 'I') little = true;
    else if (b[tiff] == 'M' && b[tiff + 1] == 'M') little = false;
    else return 0;
    if (u16(b, tiff + 2, little) != 42) return 0;
    long ifd = tiff + u32(b, tiff + 4, little);
    if (ifd + 2 > end) return 0;
    int entries = u16(b, (int) ifd, little);
    for (int i = 0; i < entries; i++) {
      int entry = (int) ifd + 2 + 12 * i;
      if (entry + 12 > end) return 0;
      if (u16(b, entry, little) != TAG_ORIENTATION) continue;
      if (u16(b, entry + 2, little) != TYPE_SHORT) return 0;
      int value = u16(b, entry + 8, little); // a SHORT sits in the first two bytes of the value field
      return value >= 1 && value <= 8 ? value : 0;
    }
    return 0;
  }

  /** Turns the pixels so the image appears upright; the source size swaps along with the pixels. */
  static RgbImage apply(RgbImage img, int orientation) {
    if (orientation <= 1 || orientation > 8) return img;
    int w = img.width();
    int h = img.height();
    boolean swaps = orientation >= 5;
    int outW = swaps ? h : w;
    // Where source pixel (0, y) lands (base) and how far one step in x moves it (step), per orientation.
    byte[] src = img.rgb();
    byte[] dst = new byte[src.length];
    for (int y = 0; y < h; y++) {
      int base;
      int step;
      switch (orientation) {
        case 2 -> { base = y * outW + w - 1; step = -1; }
        case 3 -> { base = (h - 1 - y) * outW + w - 1; step = -1; }
        case 4 -> { base = (h - 1 - y) * outW; step = 1; }
        case 5 -> { base = y; step = outW; }
        case 6 -> { base = h - 1 - y; step = outW; }
        case 7 -> { base = (w - 1) * outW + h - 1 - y; step = -outW; }
        default -> { base = (w - 1) * outW + y; step = -outW; } // 8
      }
      int s = y * w * 3;
      int d = base * 3;
      int dStep = step * 3;
      for (int x = 0; x < w; x++, s += 3, d += dStep) {
        dst[d] = src[s];
        dst[d + 1] = src[s + 1];
        dst[d + 2] = src[s + 2];
      }
    }
    return swaps
        ? new RgbImage(h, w, dst, img.format(), img.sourceHeight(), img.sourceWidth())
        : new RgbImage(w, h, dst, img.format(), img.sourceWidth(), img.sourceHeight());
  }

  private static int u16(byte[] b, int at, boolean little) {
    int b0 = b[at] & 0xFF;
    int b1 = b[at + 1] & 0xFF;
    return little ? b0 | (b1 << 8) : (b0 << 8) | b1;
  }

  private static long u32(byte[] b, int at, boolean little) {
    long hi = u16(b, little ? at + 2 : at, little);
    long lo = u16(b, little ? at : at + 2, little);
    return (hi << 16) | lo;
  }
}
