package dev.bayan.tools.model;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Reads regular files out of a {@code .tar.gz} (what {@code npm pack} writes): 512-byte ustar
 * headers, the ustar name prefix, and the pax / GNU long-name records that replace a long path.
 */
final class TarGzReader {
  private static final int BLOCK = 512;

  private TarGzReader() {}

  /** Path to content of every regular file whose path {@code wanted} accepts. */
  static Map<String, byte[]> read(Path archive, Predicate<String> wanted) throws IOException {
    try (InputStream raw = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
      return read(raw, wanted);
    }
  }

  static Map<String, byte[]> read(InputStream tar, Predicate<String> wanted) throws IOException {
    DataInputStream in = new DataInputStream(tar);
    Map<String, byte[]> files = new LinkedHashMap<>();
    byte[] header = new byte[BLOCK];
    String longName = null;
    while (true) {
      try {
        in.readFully(header);
      } catch (EOFException e) {
        return files; // some writers omit the two zero blocks at the end
      }
      if (isZero(header)) {
        return files;
      }
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      String name = longName != null ? longName : headerName(header);
      longName = null;
      boolean keep = (type == '0' || type == '\0') && wanted.test(name);
      byte[] data = keep || type == 'x' || type == 'L' ? readData(in, size) : null;
      if (data == null) {
        in.skipNBytes(padded(size));
      }
      switch (type) {
        case 'x' -> longName = paxPath(data);
        case 'L' -> longName = cString(data, 0, data.length);
        default -> {
          if (keep) {
            files.put(name, data);
          }
        }
      }
    }
  }

  private static byte[] readData(DataInputStream in, long size) throws IOException {
    if (size > Integer.MAX_VALUE - BLOCK) {
      throw new IOException("tar entry too large: " + size + " bytes");
    }
    byte[] data = new byte[(int) size];
    in.readFully(data);
    in.skipNBytes(padded(size) - size);
    return data;
  }

  private static long padded(long size) {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  private static String headerName(byte[] h) {
    String name = cString(h, 0, 100);
    boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    String prefix = ustar ? cString(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** The {@code path} record of a pax extended header ("LEN path=VALUE\n"), or null. */
  private static String paxPath(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    int at = 0;
    while (at < text.length()) {
      int space = text.indexOf(' ', at);
      if (space < 0) {
        break;
      }
      int length = Integer.parseInt(text.substring(at, space));
      String record = text.substring(space + 1, at + length - 1); // without the trailing '\n'
      if (record.startsWith("path=")) {
        return record.substring(5);
      }
      at += length;
    }
    return null;
  }

  private static long octal(byte[] h, int offset, int length) throws IOException {
    if ((h[offset] & 0x80) != 0) {
      throw new IOException("tar entry uses a base-256 size, which this reader does not handle");
    }
    String text = cString(h, offset, length).trim();
    return text.isEmpty() ? 0 : Long.parseLong(text, 8);
  }

  private static String cString(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
