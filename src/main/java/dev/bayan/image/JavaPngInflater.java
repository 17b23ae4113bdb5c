package dev.bayan.image;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The JDK's zlib, which is also what ImageIO uses, driven the same way: it inflates until the rows are
 * full, so data past the last row is never looked at, while a wrong checksum right after the rows is
 * still seen (zlib checks it on reaching the end of the stream), as in ImageIO.
 */
final class JavaPngInflater implements PngInflater {
  @Override
  public boolean inflate(byte[] file, int[] offsets, int[] lengths, int count, byte[] out) {
    Inflater inflater = new Inflater();
    try {
      int filled = 0;
      int next = 0;
      while (filled < out.length) {
        int n = inflater.inflate(out, filled, out.length - filled);
        filled += n;
        if (n > 0) continue;
        if (inflater.finished() || inflater.needsDictionary() || !inflater.needsInput() || next == count) {
          return false; // fewer rows than declared, or truncated
        }
        inflater.setInput(file, offsets[next], lengths[next]);
        next++;
      }
      return true;
    } catch (DataFormatException e) {
      return false;
    } finally {
      inflater.end();
    }
  }
}
