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

  /**
   * Twenty photos that are different pictures (no two of them are near-duplicates). Picked once by a
   * greedy pass over the corpus photos that kept a photo only if its cosine similarity to every photo
   * already kept was below 0.6 with the shipped model, well under policy.reviewSimilarity (0.80).
   */
  public static final List<String> DISTINCT_PHOTOS = List.of(
      "endlesssky_0276.jpg",
      "opencv_0059.jpg",
      "palapeli_0003.jpg",
      "skimage_0006.jpg",
      "stellarium_0123.jpg",
      "grass_0098.jpg",
      "gcompris_0070.webp",
      "endlesssky_0206.jpg",
      "endlesssky_0279.jpg",
      "endlesssky_0281.jpg",
      "endlesssky_0285.jpg",
      "endlesssky_0290.jpg",
      "gcompris_0017.webp",
      "gcompris_0030.webp",
      "gcompris_0044.webp",
      "gcompris_0082.webp",
      "gcompris_0083.webp",
      "gcompris_0101.webp",
      "gcompris_0238.webp",
      "opencv_0031.jpg");

  private TestImages() {}

  public static Path file(String name) {
    return DIR.resolve(name);
  }

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
