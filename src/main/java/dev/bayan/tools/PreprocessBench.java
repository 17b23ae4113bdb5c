package dev.bayan.tools;

import dev.bayan.config.ImageConfig;
import dev.bayan.config.ModelConfig;
import dev.bayan.error.BayanException;
import dev.bayan.image.ImageDecoder;
import dev.bayan.image.Pdq;
import dev.bayan.image.Preprocessor;
import dev.bayan.image.RgbImage;
import dev.bayan.image.Thumbnails;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Times decode, preprocess (resize + normalise to the model tensor), thumbnail and the 8 PDQ hashes per
 * image on one thread, grouped by detected format: the image stage's parts, one by one; then the slowest
 * images, which make the tail of a check's latency.
 *
 * <pre>PreprocessBench DIR [repeats=5] [size=224] [decodeMinSide=512] [thumbnailSize=160]</pre>
 */
public final class PreprocessBench {
  private static final int SLOWEST = 12;

  private PreprocessBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: PreprocessBench DIR [repeats=5] [size=224] [decodeMinSide=512] [thumbnailSize=160]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 224;
    int minSide = args.length > 3 ? Integer.parseInt(args[3]) : 512;
    int thumb = args.length > 4 ? Integer.parseInt(args[4]) : 160;

    ImageDecoder decoder = new ImageDecoder(new ImageConfig(50_000_000, minSide, thumb, 1, 50, 64, true));
    Preprocessor preprocessor = new Preprocessor(new ModelConfig("bench", "none", "input", "output", size, "NCHW",
        List.of(123.675, 116.28, 103.53), List.of(58.395, 57.12, 57.375), false));
    List<byte[]> images = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        images.add(Files.readAllBytes(file));
        names.add(file.getFileName().toString());
      }
    }
    System.out.printf("%d files in %s, %d timed rounds after 1 warm-up, tensor %dx%d, decodeMinSide %d, thumbnail %d%n",
        images.size(), dir, repeats, size, size, minSide, thumb);

    Map<String, Timings> byFormat = new TreeMap<>();
    Timings all = new Timings();
    Map<String, Integer> failures = new TreeMap<>();
    Map<String, Timings> byImage = new TreeMap<>();
    float[] tensor = new float[preprocessor.tensorLength()];
    Pdq pdq = new Pdq();
    for (int round = 0; round <= repeats; round++) {
      for (int i = 0; i < images.size(); i++) {
        byte[] bytes = images.get(i);
        long t0 = System.nanoTime();
        RgbImage img;
        try {
          img = decoder.decode(bytes);
        } catch (BayanException e) {
          if (round == 0) failures.merge(e.code(), 1, Integer::sum);
          continue;
        }
        long t1 = System.nanoTime();
        preprocessor.tensor(img, tensor, 0);
        long t2 = System.nanoTime();
        if (thumb > 0) Thumbnails.jpeg(img, thumb);
        long t3 = System.nanoTime();
        pdq.dihedral(img);
        long t4 = System.nanoTime();
        if (round == 0) continue; // warm-up: JIT and ImageIO plug-in initialisation
        String image = String.format("%s %s %dx%d", names.get(i), img.format(), img.sourceWidth(), img.sourceHeight());
        for (Timings t : List.of(byFormat.computeIfAbsent(img.format(), f -> new Timings()), all,
            byImage.computeIfAbsent(image, f -> new Timings()))) {
          t.add(t1 - t0, t2 - t1, t3 - t2, t4 - t3);
        }
      }
    }
    System.out.printf("%-6s %6s | %-13s | %-13s | %-13s | %-13s | %-13s | %-13s%n", "format", "images",
        "decode ms", "preprocess ms", "dec+prep ms", "thumbnail ms", "pdq x8 ms", "all ms");
    System.out.printf("%-6s %6s | %-13s | %-13s | %-13s | %-13s | %-13s | %-13s%n", "", "",
        "median  mean", "median  mean", "median  mean", "median  mean", "median  mean", "median  mean");
    byFormat.forEach((format, t) -> t.print(format, repeats));
    all.print("all", repeats);
    all.printTail();
    System.out.println("slowest images (median ms: decode, preprocess, thumbnail, pdq x8, all):");
    byImage.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue().median(5), a.getValue().median(5)))
        .limit(SLOWEST).forEach(e -> System.out.printf("  %6.2f %6.2f %6.2f %6.2f %6.2f  %s%n", e.getValue().median(0),
            e.getValue().median(1), e.getValue().median(3), e.getValue().median(4), e.getValue().median(5),
            e.getKey()));
    if (!failures.isEmpty()) System.out.println("refused: " + failures);
  }

  /** Samples in nanoseconds, one per image per round. */
  private static final class Timings {
    private final List<long[]> samples = new ArrayList<>();

    void add(long decode, long preprocess, long thumbnail, long pdq) {
      samples.add(new long[] {decode, preprocess, decode + preprocess, thumbnail, pdq,
          decode + preprocess + thumbnail + pdq});
    }

    /** The spread behind latency percentiles: a slow image is slow on every core. */
    void printTail() {
      double[] ms = samples.stream().mapToDouble(s -> s[5] / 1e6).sorted().toArray();
      System.out.printf("all ms per image: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f (p99/p50 %.1f)%n", ms[ms.length / 2],
          ms[(int) (ms.length * 0.90)], ms[(int) (ms.length * 0.99)], ms[ms.length - 1],
          ms[(int) (ms.length * 0.99)] / ms[ms.length / 2]);
    }

    double median(int column) {
      double[] ms = samples.stream().mapToDouble(s -> s[column] / 1e6).sorted().toArray();
      return ms[ms.length / 2];
    }

    void print(String label, int repeats) {
      StringBuilder line = new StringBuilder(String.format("%-6s %6d", label, samples.size() / repeats));
      for (int column = 0; column < 6; column++) {
        int k = column;
        double mean = samples.stream().mapToDouble(s -> s[k] / 1e6).average().orElse(0);
        line.append(String.format(" | %6.2f %6.2f", median(column), mean));
      }
      System.out.println(line);
    }
  }
}
