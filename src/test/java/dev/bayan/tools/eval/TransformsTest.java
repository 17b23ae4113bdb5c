package dev.bayan.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.bayan.TestImages;
import dev.bayan.config.ImageConfig;
import dev.bayan.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The edits: deterministic for a seed, and each changes the picture the way its description says. */
class TransformsTest {
  private static BufferedImage photo;

  @BeforeAll
  static void decodePhoto() throws IOException {
    ImageDecoder decoder = new ImageDecoder(new ImageConfig(50_000_000, 512, 160, 1, 50, 64, true));
    photo = EvalInputs.read(decoder, TestImages.file("skimage_0006.jpg")); // 451x300 cat
  }

  @Test
  void theRegistryHasEveryFamilyOnceWithADescription() {
    List<String> names = Transforms.all().stream().map(Transform::name).toList();
    assertThat(names).containsExactly("jpeg", "resize", "crop", "pad", "caption", "meme", "emoji", "watermark",
        "flip", "rotate90", "rotate", "colour", "grey", "blur", "screenshot", "combo");
    assertThat(Transforms.all()).allSatisfy(t -> assertThat(t.description()).hasSizeGreaterThan(10));
  }

  @Test
  void selectKeepsRegistryOrderAndRefusesUnknownNames() {
    assertThat(Transforms.select("flip,jpeg").stream().map(Transform::name)).containsExactly("jpeg", "flip");
    assertThat(Transforms.select(null)).hasSize(16);
    assertThatThrownBy(() -> Transforms.select("jpeg,sepia")).hasMessageContaining("unknown transform 'sepia'");
  }

  @Test
  void everyFamilyIsDeterministicForASeedAndChangesThePicture() {
    CopyMaker maker = new CopyMaker(7);
    for (Transform t : Transforms.all()) {
      Transform.Edited a = maker.make(photo, t, "skimage_0006.jpg");
      Transform.Edited b = maker.make(photo, t, "skimage_0006.jpg");
      assertThat(a.label()).as(t.name()).isEqualTo(b.label());
      assertThat(samePixels(a.image(), b.image())).as(t.name() + " is deterministic").isTrue();
      assertThat(samePixels(a.image(), photo)).as(t.name() + " changes the picture").isFalse();
    }
  }

  @Test
  void differentSeedsDrawDifferentParameters() {
    for (Transform t : Transforms.all()) {
      if (t instanceof HorizontalFlip || t instanceof Greyscale) continue; // no parameters
      Set<String> labels = new HashSet<>();
      for (long seed = 1; seed <= 6; seed++) labels.add(new CopyMaker(seed).make(photo, t, "k").label());
      assertThat(labels).as(t.name()).hasSizeGreaterThan(1);
    }
  }

  @Test
  void flipMirrorsEveryRow() {
    BufferedImage out = new HorizontalFlip().apply(photo, new Random(1)).image();
    int w = photo.getWidth();
    for (int y = 0; y < photo.getHeight(); y += 7) {
      for (int x = 0; x < w; x += 5) assertThat(out.getRGB(x, y)).isEqualTo(photo.getRGB(w - 1 - x, y));
    }
  }

  @Test
  void cropShrinksBothSidesBy5To30PercentAndKeepsThePixelsOfASubimage() {
    for (int seed = 1; seed <= 12; seed++) {
      Transform.Edited e = new Crop().apply(photo, new Random(seed));
      BufferedImage out = e.image();
      double fraction = Double.parseDouble(e.label().replaceAll("[^0-9]", "")) / 100;
      assertThat(fraction).isBetween(0.05, 0.30);
      double cutW = 1 - (double) out.getWidth() / photo.getWidth();
      double cutH = 1 - (double) out.getHeight() / photo.getHeight();
      assertThat(cutW).isBetween(0.05 - 0.01, 0.30 + 0.01).isCloseTo(fraction, offset(0.01));
      assertThat(cutH).isCloseTo(cutW, offset(0.01));
      assertThat(offsetOf(out, photo)).as("seed " + seed).isNotNull();
    }
  }

  @Test
  void resizeScalesBothSidesTo30To70Percent() {
    for (int seed = 1; seed <= 10; seed++) {
      BufferedImage out = new Resize().apply(photo, new Random(seed)).image();
      double fx = (double) out.getWidth() / photo.getWidth();
      double fy = (double) out.getHeight() / photo.getHeight();
      assertThat(fx).isBetween(0.29, 0.71);
      assertThat(fy).isCloseTo(fx, offset(0.01));
    }
  }

  @Test
  void rotate90SwapsTheSidesAndMovesPixelsExactly() {
    BufferedImage cw = Rotate90.turn(photo, true);
    BufferedImage ccw = Rotate90.turn(photo, false);
    int w = photo.getWidth();
    int h = photo.getHeight();
    assertThat(cw.getWidth()).isEqualTo(h);
    assertThat(cw.getHeight()).isEqualTo(w);
    assertThat(cw.getRGB(h - 1, 0)).isEqualTo(photo.getRGB(0, 0)); // top-left goes to top-right
    assertThat(ccw.getRGB(0, w - 1)).isEqualTo(photo.getRGB(0, 0)); // top-left goes to bottom-left
    assertThat(samePixels(Rotate90.turn(cw, false), photo)).isTrue();
  }

  @Test
  void greyscaleHasEqualChannels() {
    BufferedImage out = new Greyscale().apply(photo, new Random(1)).image();
    for (int y = 0; y < out.getHeight(); y += 3) {
      for (int x = 0; x < out.getWidth(); x += 3) {
        int p = out.getRGB(x, y);
        assertThat((p >> 16) & 255).isEqualTo((p >> 8) & 255).isEqualTo(p & 255);
      }
    }
  }

  @Test
  void letterboxAddsBarsOnOneAxisAndKeepsThePicture() {
    for (int seed = 1; seed <= 6; seed++) {
      BufferedImage out = new Letterbox().apply(photo, new Random(seed)).image();
      double gx = (double) out.getWidth() / photo.getWidth() - 1;
      double gy = (double) out.getHeight() / photo.getHeight() - 1;
      assertThat(Math.min(gx, gy)).isZero();
      assertThat(Math.max(gx, gy)).isBetween(0.09, 0.41);
      int[] at = offsetOf(photo, out);
      assertThat(at).isNotNull();
    }
  }

  @Test
  void captionAddsABarAboveOrBelowAndKeepsThePicture() {
    for (int seed = 1; seed <= 6; seed++) {
      Transform.Edited e = new CaptionBar().apply(photo, new Random(seed));
      BufferedImage out = e.image();
      assertThat(out.getWidth()).isEqualTo(photo.getWidth());
      double bar = (double) out.getHeight() / photo.getHeight() - 1;
      assertThat(bar).isBetween(0.11, 0.31);
      int top = e.label().startsWith("caption top") ? out.getHeight() - photo.getHeight() : 0;
      assertThat(samePixels(Crop.cut(out, new java.awt.Rectangle(0, top, photo.getWidth(), photo.getHeight())), photo))
          .as(e.label()).isTrue();
    }
  }

  @Test
  void jpegKeepsTheSizeAndChangesPixelsSlightly() {
    BufferedImage out = new JpegQuality().apply(photo, new Random(3)).image();
    assertThat(out.getWidth()).isEqualTo(photo.getWidth());
    assertThat(out.getHeight()).isEqualTo(photo.getHeight());
    assertThat(meanAbsoluteDifference(out, photo)).isBetween(0.5, 15.0);
  }

  @Test
  void blurKeepsTheSizeAndSmoothsEdges() {
    BufferedImage out = new Blur().apply(photo, new Random(1)).image();
    assertThat(out.getWidth()).isEqualTo(photo.getWidth());
    assertThat(neighbourContrast(out)).isLessThan(neighbourContrast(photo) * 0.8);
  }

  @Test
  void screenshotIsATallPhoneScreen() {
    BufferedImage out = new ScreenshotFrame().apply(photo, new Random(1)).image();
    assertThat((double) out.getHeight() / out.getWidth()).isCloseTo(19.5 / 9, offset(0.01));
    assertThat(out.getWidth()).isBetween(320, 720);
  }

  @Test
  void combinationChainsTwoOrThreeDistinctEditsWithJpegLast() {
    Combination combo = (Combination) Transforms.byName().get("combo");
    for (int seed = 1; seed <= 20; seed++) {
      String label = combo.apply(photo, new Random(seed)).label();
      String[] parts = label.substring("combo: ".length()).split(" \\+ ");
      assertThat(parts.length).as(label).isBetween(2, 3);
      Set<String> families = new HashSet<>();
      for (String p : parts) families.add(p.split(" ")[0]);
      assertThat(families).as(label).hasSize(parts.length).doesNotContain("screenshot", "rotate90");
      for (int i = 0; i < parts.length - 1; i++) assertThat(parts[i]).as(label).doesNotStartWith("jpeg");
    }
  }

  @Test
  void bigPicturesAreCappedBeforeEditing() {
    BufferedImage big = Canvas.scale(photo, 2706, 1800);
    BufferedImage out = new CopyMaker(1).make(big, new HorizontalFlip(), "big").image();
    assertThat(out.getWidth()).isEqualTo(CopyMaker.MAX_SIDE);
    assertThat(out.getHeight()).isEqualTo(851);
  }

  @Test
  void theSplitAndThePlanAreSeededAndBalanced() {
    List<Path> files = java.util.stream.IntStream.range(0, 20).mapToObj(i -> Path.of("img" + i + ".jpg")).toList();
    EvalInputs.Split a = EvalInputs.split(files, 0.25, 5, 0);
    assertThat(a).isEqualTo(EvalInputs.split(files, 0.25, 5, 0));
    assertThat(a.negatives()).hasSize(5).doesNotContainAnyElementsOf(a.originals());
    assertThat(a.originals()).hasSize(15);
    assertThat(EvalInputs.split(files, 0.25, 6, 0)).isNotEqualTo(a);
    assertThat(EvalInputs.split(files, 0.25, 5, 8).originals()).hasSize(6);

    List<Transform> families = Transforms.all(); // 16
    Map<String, Path> originals = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 6; i++) originals.put("o" + i, Path.of("o" + i + ".jpg"));
    List<QueryRunner.Job> jobs = Evaluate.plan(List.copyOf(originals.keySet()), originals,
        List.of(Path.of("n0.jpg"), Path.of("n1.jpg")), families, 4, 1);
    assertThat(jobs).hasSize(8);
    Map<String, Long> perFamily = jobs.stream().flatMap(j -> j.transforms().stream())
        .collect(java.util.stream.Collectors.groupingBy(Transform::name, java.util.stream.Collectors.counting()));
    // 8 images x 4 transforms = 32 = 16 families x 2
    assertThat(perFamily).hasSize(16).allSatisfy((name, n) -> assertThat(n).isEqualTo(2L));
    assertThat(jobs.get(0).truth()).isEqualTo("o0");
    assertThat(jobs.get(7).truth()).isNull();
    assertThat(jobs.get(7).asIs()).isTrue();
    assertThat(jobs.get(7).size()).isEqualTo(5);
  }

  @Test
  void stagedFilesGetValidUniquePostIds(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path src = dir.resolve("src");
    java.nio.file.Files.createDirectories(src);
    Path a = java.nio.file.Files.writeString(src.resolve("my photo (1).JPG"), "x");
    Path b = java.nio.file.Files.writeString(src.resolve("my photo [1].png"), "y");
    Map<String, Path> staged = EvalInputs.stage(List.of(a, b), "", dir.resolve("index"), new HashSet<>());
    assertThat(staged.keySet()).containsExactly("my_photo__1_", "my_photo__1_-2");
    assertThat(dir.resolve("index/my_photo__1_.jpg")).exists();
    assertThat(dir.resolve("index/my_photo__1_-2.png")).exists();
  }

  /** Where {@code small} sits inside {@code big} pixel for pixel, or null. */
  private static int[] offsetOf(BufferedImage small, BufferedImage big) {
    for (int oy = 0; oy <= big.getHeight() - small.getHeight(); oy++) {
      for (int ox = 0; ox <= big.getWidth() - small.getWidth(); ox++) {
        if (matchesAt(small, big, ox, oy)) return new int[] {ox, oy};
      }
    }
    return null;
  }

  private static boolean matchesAt(BufferedImage small, BufferedImage big, int ox, int oy) {
    for (int y = 0; y < small.getHeight(); y += 3) {
      for (int x = 0; x < small.getWidth(); x += 3) {
        if (small.getRGB(x, y) != big.getRGB(ox + x, oy + y)) return false;
      }
    }
    return true;
  }

  static boolean samePixels(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) return false;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if ((a.getRGB(x, y) & 0xFFFFFF) != (b.getRGB(x, y) & 0xFFFFFF)) return false;
      }
    }
    return true;
  }

  private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int s = 0; s <= 16; s += 8) sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  /** Mean absolute difference of horizontally adjacent green values: falls when edges soften. */
  private static double neighbourContrast(BufferedImage img) {
    long sum = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 1; x < img.getWidth(); x++) {
        sum += Math.abs(((img.getRGB(x, y) >> 8) & 255) - ((img.getRGB(x - 1, y) >> 8) & 255));
      }
    }
    return (double) sum / (img.getHeight() * (img.getWidth() - 1));
  }
}
