package dev.bayan.image;

/**
 * What the decoder needs to know about a JPEG's marker segments before decoding it: the EXIF
 * orientation, how many scans it has (a progressive file with thousands of scans costs minutes of
 * CPU) and whether it ends with EOI (ImageIO silently paints a truncated file grey).
 *
 * @param orientation EXIF orientation 1..8 (1 when absent or invalid)
 * @param scans number of SOS segments of the primary image
 * @param complete the entropy-coded data runs to an EOI marker
 * @param profile the first chunk of its embedded ICC profile, {@code null} when it has none: only the
 *     Java path converts colours, so a profile that is not sRGB keeps the file off the native decoder
 */
record JpegStructure(int orientation, int scans, boolean complete, IccChunk profile) {
  private static final String ICC_PROFILE = "ICC_PROFILE\0";

  /** The profile's first chunk is {@code b[from, end)}; the whole profile spans {@code chunks} APP2 segments. */
  record IccChunk(int from, int end, int chunks) {}

  static JpegStructure parse(byte[] b) {
    int orientation = 0;
    int scans = 0;
    IccChunk profile = null;
    int pos = 2; // after SOI
    while (true) {
      pos = nextMarker(b, pos);
      if (pos < 0) return new JpegStructure(orDefault(orientation), scans, false, profile);
      int marker = b[pos + 1] & 0xFF;
      if (marker == 0xD9) return new JpegStructure(orDefault(orientation), scans, scans > 0, profile);
      if (isStandalone(marker)) {
        pos += 2;
        continue;
      }
      if (pos + 4 > b.length) return new JpegStructure(orDefault(orientation), scans, false, profile);
      int length = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
      int end = pos + 2 + length;
      if (length < 2 || end > b.length) return new JpegStructure(orDefault(orientation), scans, false, profile);
      if (marker == 0xE1 && orientation == 0 && scans == 0) orientation = Orientation.fromExif(b, pos + 4, end);
      int chunk = pos + 4 + ICC_PROFILE.length(); // chunk number, then chunk count, then the profile's bytes
      if (marker == 0xE2 && scans == 0 && ImageFormat.ascii(b, pos + 4, ICC_PROFILE) && chunk + 2 <= end
          && b[chunk] == 1 && profile == null) { // the first chunk holds the profile's header and tag table
        profile = new IccChunk(chunk + 2, end, b[chunk + 1] & 0xFF);
      }
      pos = end;
      if (marker == 0xDA) {
        scans++;
        pos = skipEntropyCodedData(b, pos);
      }
    }
  }

  private static int orDefault(int orientation) {
    return orientation == 0 ? 1 : orientation;
  }

  private static boolean isStandalone(int marker) {
    return marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
  }

  /** Index of the next marker's 0xFF, skipping fill bytes and stray data the way libjpeg does; -1 at the end. */
  private static int nextMarker(byte[] b, int pos) {
    for (; pos + 1 < b.length; pos++) {
      if (b[pos] == (byte) 0xFF && b[pos + 1] != (byte) 0xFF && b[pos + 1] != 0) return pos;
    }
    return -1;
  }

  /** Skips a scan's data: inside it 0xFF is followed only by a stuffed 0x00 or a restart marker. */
  private static int skipEntropyCodedData(byte[] b, int pos) {
    for (; pos + 1 < b.length; pos++) {
      if (b[pos] != (byte) 0xFF) continue;
      int next = b[pos + 1] & 0xFF;
      if (next == 0 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) continue;
      return pos;
    }
    return b.length;
  }
}
