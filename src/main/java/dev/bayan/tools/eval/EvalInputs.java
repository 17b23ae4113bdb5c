package dev.bayan.tools.eval;

import dev.bayan.image.ImageDecoder;
import dev.bayan.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The input images: listing, the seeded split into originals and negatives, and the directory the backfill reads. */
final class EvalInputs {
  /** The extensions the gateway's backfill indexes. */
  private static final Pattern IMAGE = Pattern.compile("(?i).+\\.(jpe?g|png|gif|webp|bmp)");
  private static final Pattern NOT_ID = Pattern.compile("[^A-Za-z0-9._:@-]");

  private EvalInputs() {}

  /** Image files directly inside {@code dir}, sorted by name. */
  static List<Path> images(Path dir) {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is not a directory");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).filter(p -> IMAGE.matcher(p.getFileName().toString()).matches())
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** A seeded shuffle of the sorted list: the same seed picks the same images on every machine. */
  static List<Path> shuffled(List<Path> files, long seed) {
    List<Path> copy = new ArrayList<>(files);
    Collections.shuffle(copy, new Random(seed));
    return copy;
  }

  record Split(List<Path> originals, List<Path> negatives) {}

  /**
   * Shuffles {@code files} with {@code seed}, keeps the first {@code limit} (all when limit <= 0),
   * and turns the first {@code round(fraction * n)} of those into negatives.
   */
  static Split split(List<Path> files, double fraction, long seed, int limit) {
    List<Path> picked = shuffled(files, seed);
    if (limit > 0 && picked.size() > limit) picked = picked.subList(0, limit);
    int negatives = (int) Math.round(fraction * picked.size());
    return new Split(List.copyOf(picked.subList(negatives, picked.size())), List.copyOf(picked.subList(0, negatives)));
  }

  /** Up to {@code limit} of {@code files} (all when limit <= 0) in seeded order. */
  static List<Path> limited(List<Path> files, long seed, int limit) {
    List<Path> picked = shuffled(files, seed);
    return limit > 0 && picked.size() > limit ? List.copyOf(picked.subList(0, limit)) : picked;
  }

  /**
   * Copies {@code files} into {@code dir} as {@code postId.ext} (postId = the file name without its
   * extension, made a valid postId and unique), for the gateway's backfill to read.
   *
   * @return postId to source file, in input order
   */
  static Map<String, Path> stage(List<Path> files, String prefix, Path dir, Set<String> taken) throws IOException {
    Files.createDirectories(dir);
    Map<String, Path> staged = new LinkedHashMap<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      int dot = name.lastIndexOf('.');
      String id = unique(postId(prefix + name.substring(0, dot)), taken);
      Files.copy(file, dir.resolve(id + name.substring(dot).toLowerCase(Locale.ROOT)));
      staged.put(id, file);
    }
    return staged;
  }

  static String postId(String stem) {
    String id = NOT_ID.matcher(stem).replaceAll("_");
    return id.length() > 120 ? id.substring(0, 120) : id;
  }

  private static String unique(String id, Set<String> taken) {
    String candidate = id;
    for (int n = 2; !taken.add(candidate); n++) candidate = id + "-" + n;
    return candidate;
  }

  /** Decoded exactly as the gateway decodes (orientation applied, big JPEGs subsampled). */
  static BufferedImage read(ImageDecoder decoder, Path file) throws IOException {
    return toImage(decoder.decode(Files.readAllBytes(file)));
  }

  static BufferedImage toImage(RgbImage rgb) {
    BufferedImage out = Canvas.rgb(rgb.width(), rgb.height());
    int[] row = new int[rgb.width()];
    byte[] b = rgb.rgb();
    for (int y = 0; y < rgb.height(); y++) {
      for (int x = 0; x < rgb.width(); x++) {
        int i = (y * rgb.width() + x) * 3;
        row[x] = (b[i] & 255) << 16 | (b[i + 1] & 255) << 8 | (b[i + 2] & 255);
      }
      out.setRGB(0, y, rgb.width(), 1, row, 0, rgb.width());
    }
    return out;
  }
}
