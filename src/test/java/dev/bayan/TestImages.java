package dev.bayan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real, freely licensed images committed under src/test/resources/images (see LICENSES.tsv there). */
public final class TestImages {
  public static final Path DIR = Path.of("src/test/resources/images");

  private TestImages() {}

  /** Every committed photo/illustration, sorted by name. */
  public static List<Path> all() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.toString().matches(".*\\.(jpg|jpeg|png|webp)$")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
