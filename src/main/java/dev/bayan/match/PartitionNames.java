package dev.bayan.match;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Maps a {@code space} to the name of its Milvus partition and back. Milvus allows only letters,
 * digits and underscores in partition names, starting with a letter or underscore, at most 255
 * characters; spaces are free text. The mapping is deterministic and reversible:
 *
 * <ul>
 *   <li>the prefix {@code s_} (so no space can collide with Milvus's own {@code _default});
 *   <li>ASCII letters and digits are kept;
 *   <li>{@code _} becomes {@code __};
 *   <li>every other character becomes {@code _} plus the two lower-case hex digits of each of its
 *       UTF-8 bytes ({@code -} is {@code _2d}, {@code é} is {@code _c3_a9}).
 * </ul>
 *
 * So {@code cats} is {@code s_cats} and {@code memes-ru} is {@code s_memes_2dru}. A space whose name
 * would not fit in 255 characters is refused.
 */
final class PartitionNames {
  static final String PREFIX = "s_";
  static final int MAX_LENGTH = 255;
  private static final HexFormat HEX = HexFormat.of();

  private PartitionNames() {}

  static String of(String space) {
    if (space == null || space.isEmpty()) throw new IllegalArgumentException("space is required");
    StringBuilder name = new StringBuilder(PREFIX);
    for (byte b : space.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (isAsciiLetterOrDigit(c)) name.append(c);
      else if (c == '_') name.append("__");
      else name.append('_').append(HEX.toHexDigits(b));
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("space name too long for a Milvus partition (" + name.length()
          + " > " + MAX_LENGTH + " characters once encoded): " + space);
    }
    return name.toString();
  }

  /** Whether the space can have a partition at all (a space that cannot was never written to). */
  static boolean fits(String space) {
    try {
      of(space);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The space a partition holds, or empty for partitions that are not ours (such as {@code _default}). */
  static Optional<String> spaceOf(String partition) {
    if (!partition.startsWith(PREFIX) || partition.length() == PREFIX.length()) return Optional.empty();
    byte[] out = new byte[partition.length()];
    int n = 0;
    for (int i = PREFIX.length(); i < partition.length(); i++) {
      char c = partition.charAt(i);
      if (isAsciiLetterOrDigit(c)) {
        out[n++] = (byte) c;
      } else if (c == '_' && i + 1 < partition.length() && partition.charAt(i + 1) == '_') {
        out[n++] = '_';
        i++;
      } else if (c == '_' && i + 2 < partition.length() && isHex(partition.charAt(i + 1))
          && isHex(partition.charAt(i + 2))) {
        out[n++] = (byte) HexFormat.fromHexDigits(partition, i + 1, i + 3);
        i += 2;
      } else {
        return Optional.empty();
      }
    }
    String space = new String(out, 0, n, StandardCharsets.UTF_8);
    return of(space).equals(partition) ? Optional.of(space) : Optional.empty(); // only canonical names
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
