package dev.bayan.image;

import java.util.Objects;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An ImageIO input over bytes already in memory. {@code ImageIO.createImageInputStream} would copy
 * them into a temporary-file or memory cache first.
 */
final class ByteImageInput extends ImageInputStreamImpl {
  private final byte[] bytes;

  ByteImageInput(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public int read() {
    bitOffset = 0;
    return streamPos < bytes.length ? bytes[(int) streamPos++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    bitOffset = 0;
    if (len == 0) return 0;
    if (streamPos >= bytes.length) return -1;
    int n = (int) Math.min(len, bytes.length - streamPos);
    System.arraycopy(bytes, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return bytes.length;
  }
}
