package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PDQ against Meta's C++ reference (vectors in src/test/resources/pdq, see its README): exact on
 * the rasters the reference hashed, within 10 bits on files we decode ourselves.
 */
class PdqTest {
  private static final Path ROOT = resourceRoot();
  private static final Map<String, PdqHash> VECTORS = new HashMap<>();
  private static final Map<String, List<PdqHash>> DIHEDRAL = new HashMap<>();

  static {
    for (String[] f : rows("vectors.tsv")) VECTORS.put(f[0], PdqHash.fromHex(f[1], Integer.parseInt(f[2])));
    for (String[] f : rows("dihedral.tsv")) {
      int quality = Integer.parseInt(f[1]);
      List<PdqHash> hashes = new ArrayList<>();
      for (int i = 2; i < 10; i++) hashes.add(PdqHash.fromHex(f[i], quality));
      DIHEDRAL.put(f[0], hashes);
    }
  }

  private final Pdq pdq = new Pdq();

  /** Reference keys ("data/...") of the rasters under decoded/. */
  static Stream<String> decodedRasters() {
    return files("decoded").map(p -> "data/" + p.substring(0, p.length() - ".png".length()));
  }

  /** Originals under data/ that the acceptance rule covers (reference quality >= 80). */
  static Stream<String> goodQualityOriginals() {
    return files("data").map(p -> "data/" + p).filter(p -> VECTORS.get(p).quality() >= 80);
  }

  @Test
  void resourcesHoldTheExpectedReferenceSet() {
    assertThat(VECTORS).hasSize(49);
    assertThat(DIHEDRAL).hasSize(49);
    assertThat(decodedRasters()).hasSize(18).allMatch(VECTORS::containsKey);
    assertThat(goodQualityOriginals()).hasSize(11);
  }

  /** Each thread reuses its working planes: interleaving sizes and threads must not change a hash. */
  @Test
  void reusedWorkingPlanesDoNotLeakBetweenImages() throws Exception {
    List<String> paths = decodedRasters().toList();
    for (int round = 0; round < 2; round++) {
      for (String path : paths) assertThat(pdq.hash(raster(path)).hex()).as(path).isEqualTo(VECTORS.get(path).hex());
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var futures = paths.stream().map(path -> pool.submit(() -> pdq.hash(raster(path)).hex())).toList();
      for (int i = 0; i < paths.size(); i++) {
        assertThat(futures.get(i).get()).as(paths.get(i)).isEqualTo(VECTORS.get(paths.get(i)).hex());
      }
    } finally {
      pool.shutdown();
    }
  }

  @ParameterizedTest
  @MethodSource("decodedRasters")
  void hashAndQualityEqualTheReferenceOnItsRaster(String path) throws IOException {
    PdqHash hash = pdq.hash(raster(path));

    assertThat(hash.hex()).isEqualTo(VECTORS.get(path).hex());
    assertThat(hash.quality()).isEqualTo(VECTORS.get(path).quality());
  }

  @ParameterizedTest
  @MethodSource("decodedRasters")
  void allEightDihedralHashesEqualTheReference(String path) throws IOException {
    List<PdqHash> hashes = pdq.dihedral(raster(path));

    assertThat(hashes).extracting(PdqHash::hex)
        .containsExactlyElementsOf(DIHEDRAL.get(path).stream().map(PdqHash::hex).toList());
    assertThat(hashes).extracting(PdqHash::quality).containsOnly(DIHEDRAL.get(path).getFirst().quality());
  }

  @ParameterizedTest
  @MethodSource("goodQualityOriginals")
  void originalsDecodedWithImageIoLandWithinTenBits(String path) throws IOException {
    PdqHash hash = pdq.hash(ImageIoRasters.read(ROOT.resolve(path)));

    assertThat(hash.distance(VECTORS.get(path))).isLessThanOrEqualTo(10);
    assertThat(hash.quality()).isGreaterThanOrEqualTo(80);
  }

  @Test
  void largeImagesGoThroughTheReferencesNearestNeighbourResizeTo512() throws IOException {
    String path = "data/bridge-mods/shrink-a-little.jpg"; // 1152x723
    RgbImage original = ImageIoRasters.read(ROOT.resolve(path));
    assertThat(original.width()).isGreaterThan(Pdq.INPUT_CAP);

    // ImageIO decodes this baseline JPEG to libjpeg's pixels, so only the resize could differ
    assertThat(pdq.hash(original)).isEqualTo(VECTORS.get(path));
    PdqHash fullResolution = pdq.hashLuma(greyOrLuma(original), original.width(), original.height());
    assertThat(fullResolution).isNotEqualTo(VECTORS.get(path));
  }

  @Test
  void dihedralVariantsAreTheHashesOfTheTransformedPixels() throws IOException {
    // 320 = 64 x 5 with an odd box window (3): the sampling grid is symmetric, so turning the
    // pixels and turning the coefficients must agree bit for bit
    RgbImage image = crop(raster("data/misc-images/c.png"), 320);
    List<PdqHash> variants = pdq.dihedral(image);

    for (Dihedral d : Dihedral.values()) {
      assertThat(pdq.hash(transform(image, d))).as(d.name()).isEqualTo(variants.get(d.ordinal()));
    }
    assertThat(variants.getFirst()).isEqualTo(pdq.hash(image));
    assertThat(variants.stream().distinct()).hasSize(8);
  }

  @Test
  void hashLumaEqualsHashAndLeavesItsInputAlone() throws IOException {
    RgbImage image = raster("data/reg-test-input/labelme-subset/q1050.jpg");
    float[] luma = greyOrLuma(image);
    float[] before = luma.clone();

    assertThat(pdq.hashLuma(luma, image.width(), image.height())).isEqualTo(pdq.hash(image));
    assertThat(pdq.dihedralLuma(luma, image.width(), image.height())).isEqualTo(pdq.dihedral(image));
    assertThat(luma).isEqualTo(before);
  }

  @Test
  void imagesBelowFivePixelsGetTheZeroHash() {
    PdqHash hash = pdq.hash(new RgbImage(4, 300, noise(4 * 300 * 3), "test", 4, 300));

    assertThat(hash.hex()).isEqualTo("0".repeat(64));
    assertThat(hash.quality()).isZero();
    assertThat(pdq.dihedral(new RgbImage(300, 4, noise(300 * 4 * 3), "test", 300, 4))).containsOnly(hash);
  }

  @Test
  void flatImageHasQualityZeroAndNoisyImageFull() {
    byte[] flat = new byte[100 * 80 * 3];
    Arrays.fill(flat, (byte) 77);

    assertThat(pdq.hash(new RgbImage(100, 80, flat, "test", 100, 80)).quality()).isZero();
    assertThat(pdq.hash(new RgbImage(100, 80, noise(100 * 80 * 3), "test", 100, 80)).quality()).isEqualTo(100);
  }

  @Test
  void lumaMustMatchTheDimensions() {
    assertThatThrownBy(() -> pdq.hashLuma(new float[10], 3, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- helpers

  private static RgbImage raster(String path) throws IOException {
    return ImageIoRasters.read(ROOT.resolve("decoded").resolve(path.substring("data/".length()) + ".png"));
  }

  /** The plane {@link Pdq#hash} builds for an image within the cap, computed independently. */
  private static float[] greyOrLuma(RgbImage image) {
    byte[] rgb = image.rgb();
    float[] luma = new float[image.width() * image.height()];
    boolean grey = true;
    for (int i = 0; i < luma.length; i++) {
      int r = rgb[3 * i] & 0xff, g = rgb[3 * i + 1] & 0xff, b = rgb[3 * i + 2] & 0xff;
      grey &= r == g && g == b;
      luma[i] = 0.299f * r + 0.587f * g + 0.114f * b;
    }
    if (grey) for (int i = 0; i < luma.length; i++) luma[i] = rgb[3 * i] & 0xff;
    return luma;
  }

  private static RgbImage crop(RgbImage image, int side) {
    byte[] out = new byte[side * side * 3];
    for (int y = 0; y < side; y++) System.arraycopy(image.rgb(), y * image.width() * 3, out, y * side * 3, side * 3);
    return new RgbImage(side, side, out, "test", side, side);
  }

  /**
   * The pixel operation each variant names, as the reference's own rotated test files show:
   * rot90 is counter-clockwise, flipx mirrors top-bottom, flipy left-right, flipp transposes.
   */
  private static RgbImage transform(RgbImage image, Dihedral d) {
    int n = image.width(); // square
    byte[] out = new byte[image.rgb().length];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int[] from = switch (d) {
          case ORIGINAL -> new int[] {x, y};
          case ROTATE_90 -> new int[] {n - 1 - y, x};
          case ROTATE_180 -> new int[] {n - 1 - x, n - 1 - y};
          case ROTATE_270 -> new int[] {y, n - 1 - x};
          case FLIP_X -> new int[] {x, n - 1 - y};
          case FLIP_Y -> new int[] {n - 1 - x, y};
          case FLIP_PLUS_1 -> new int[] {y, x};
          case FLIP_MINUS_1 -> new int[] {n - 1 - y, n - 1 - x};
        };
        System.arraycopy(image.rgb(), (from[1] * n + from[0]) * 3, out, (y * n + x) * 3, 3);
      }
    }
    return new RgbImage(n, n, out, "test", n, n);
  }

  private static byte[] noise(int length) {
    byte[] bytes = new byte[length];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  private static Path resourceRoot() {
    try {
      return Path.of(Objects.requireNonNull(PdqTest.class.getResource("/pdq/vectors.tsv")).toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String[]> rows(String name) {
    try {
      return Files.readAllLines(ROOT.resolve(name)).stream().skip(1).filter(l -> !l.isBlank())
          .map(l -> l.split("\t")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Files under {@code dir} as sorted paths relative to it, with forward slashes. */
  private static Stream<String> files(String dir) {
    Path base = ROOT.resolve(dir);
    try (Stream<Path> walk = Files.walk(base)) {
      return walk.filter(Files::isRegularFile).map(p -> base.relativize(p).toString().replace('\\', '/'))
          .sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
