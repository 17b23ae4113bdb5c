package dev.bayan.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 256-bit PDQ hash and the quality (0..100) of the image it came from.
 *
 * <p>{@code bits} holds the hash in the order of its hex form: byte 0 is the first two hex
 * characters. Bit {@code k} of the reference's 16x16 coefficient grid (row-major) is bit
 * {@code k % 8} of byte {@code 31 - k / 8}, so {@link #hex()} prints what the reference prints.
 */
public record PdqHash(byte[] bits, int quality) {
  public static final int BYTES = 32;
  private static final HexFormat HEX = HexFormat.of();
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  public PdqHash {
    if (bits == null || bits.length != BYTES) throw new IllegalArgumentException("a PDQ hash has 32 bytes");
    if (quality < 0 || quality > 100) throw new IllegalArgumentException("quality must be 0..100");
    bits = bits.clone();
  }

  /** A copy: the hash stays immutable. */
  @Override
  public byte[] bits() {
    return bits.clone();
  }

  /** 64 lower-case hex characters, as the reference tools print and read them. */
  public String hex() {
    return HEX.formatHex(bits);
  }

  public static PdqHash fromHex(String hex, int quality) {
    if (hex == null || hex.length() != 2 * BYTES) {
      throw new IllegalArgumentException("a PDQ hash has 64 hex characters");
    }
    return new PdqHash(HEX.parseHex(hex), quality);
  }

  /** Number of differing bits, 0..256. */
  public int distance(PdqHash other) {
    return distance(bits, other.bits);
  }

  /** Hamming distance of two 32-byte hashes. */
  public static int distance(byte[] a, byte[] b) {
    int d = 0;
    for (int offset = 0; offset < BYTES; offset += Long.BYTES) {
      d += Long.bitCount((long) LONGS.get(a, offset) ^ (long) LONGS.get(b, offset));
    }
    return d;
  }

  /** Whether bit {@code k} (0..255, reference numbering) is set. */
  public boolean bit(int k) {
    return (bits[BYTES - 1 - (k >> 3)] & (1 << (k & 7))) != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PdqHash other && quality == other.quality && Arrays.equals(bits, other.bits);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bits) + quality;
  }

  @Override
  public String toString() {
    return "PdqHash[" + hex() + ", quality=" + quality + "]";
  }
}
