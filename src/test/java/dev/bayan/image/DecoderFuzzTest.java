package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.ImageConfig;
import dev.bayan.error.BayanException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Random mutations (bit flips, truncations, splices) of valid images of every format go through
 * {@link ImageDecoder#decode} with the production limits. Each decode runs on its own thread with a
 * time bound. The only acceptable outcomes are an image or a {@link BayanException}.
 */
class DecoderFuzzTest {
  /** {@code -Dbayan.fuzz.mutations=N -Dbayan.fuzz.seed=S} run a longer or different campaign. */
  private static final int MUTATIONS = Integer.getInteger("bayan.fuzz.mutations", 2_000);
  private static final long SEED = Long.getLong("bayan.fuzz.seed", 20_250_101L);
  private static final long TIME_BOUND_MS = 2_000;

  private record Seed(String name, byte[] bytes) {}

  @Test
  void mutatedImagesFailOnlyWithBayanExceptionsAndNeverHang() throws Exception {
    ImageDecoder decoder = new ImageDecoder(new ImageConfig(50_000_000, 512, 160, 2, 50, 64, true));
    List<Seed> seeds = seeds();
    Random random = new Random(SEED);
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> unexpected = new ArrayList<>();
    int hangs = 0;
    long slowestMs = 0;
    ExecutorService worker = newWorker();
    try {
      for (int i = 0; i < MUTATIONS; i++) {
        Seed seed = seeds.get(i % seeds.size());
        String[] how = new String[1];
        byte[] mutant = mutate(seed.bytes(), seeds, random, how);
        long start = System.nanoTime();
        Future<RgbImage> result = worker.submit(() -> decoder.decode(mutant));
        try {
          result.get(TIME_BOUND_MS, TimeUnit.MILLISECONDS);
          outcomes.merge("decoded", 1, Integer::sum);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof BayanException b) {
            outcomes.merge(b.getClass().getSimpleName() + ":" + b.code(), 1, Integer::sum);
          } else {
            outcomes.merge("UNEXPECTED", 1, Integer::sum);
            unexpected.add(seed.name() + " " + how[0] + " -> " + e.getCause());
          }
        } catch (TimeoutException e) {
          hangs++;
          unexpected.add(seed.name() + " " + how[0] + " -> no result after " + TIME_BOUND_MS + " ms");
          worker.shutdownNow(); // the stuck thread cannot be stopped; carry on with a fresh one
          worker = newWorker();
        }
        slowestMs = Math.max(slowestMs, (System.nanoTime() - start) / 1_000_000);
      }
    } finally {
      worker.shutdownNow();
    }

    System.out.printf("fuzz: %d mutations of %d seeds (random seed %d): %s, hangs %d, slowest %d ms%n",
        MUTATIONS, seeds.size(), SEED, outcomes, hangs, slowestMs);
    unexpected.forEach(line -> System.out.println("fuzz: " + line));
    assertThat(unexpected).isEmpty();
    assertThat(hangs).isZero();
    assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(MUTATIONS);
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-decode");
      t.setDaemon(true);
      return t;
    });
  }

  private static List<Seed> seeds() {
    List<Seed> seeds = new ArrayList<>();
    for (String file : List.of("opencv_0059.jpg", "tuxpaint_0007.jpg", "grass_0078.jpg", "gimphelp_0439.png",
        "openclipart_0013.png", "stellarium_0131.png", "gcompris_0070.webp", "gcompris_0068.webp")) {
      seeds.add(new Seed(file, ImageFixtures.corpus(file).bytes()));
    }
    BufferedImage small = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    g.drawImage(ImageFixtures.corpusImage("opencv_0059.jpg"), 0, 0, 64, 48, null);
    g.setColor(Color.YELLOW);
    g.fillOval(10, 10, 20, 20);
    g.dispose();
    seeds.add(new Seed("generated.gif", ImageFixtures.write(small, "gif")));
    seeds.add(new Seed("generated.bmp", ImageFixtures.write(small, "bmp")));
    seeds.add(new Seed("generated-exif.jpg", ImageFixtures.insertJpegSegment(ImageFixtures.jpeg(small, 0.8f), 0xE1,
        ImageFixtures.exifOrientation(6, false))));
    return seeds;
  }

  /** One random mutation; {@code how[0]} describes it for the report. */
  private static byte[] mutate(byte[] original, List<Seed> seeds, Random random, String[] how) {
    byte[] b = original.clone();
    switch (random.nextInt(6)) {
      case 0 -> { // a few bit flips anywhere
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        how[0] = flips + " bit flips";
      }
      case 1 -> { // bit flips in the headers, where sizes and lengths live
        int flips = 1 + random.nextInt(4);
        int span = Math.min(b.length, 300);
        for (int i = 0; i < flips; i++) b[random.nextInt(span)] ^= (byte) (1 << random.nextInt(8));
        how[0] = flips + " header bit flips";
      }
      case 2 -> { // truncation
        int length = 1 + random.nextInt(b.length - 1);
        how[0] = "truncated to " + length;
        return Arrays.copyOf(b, length);
      }
      case 3 -> { // splice: overwrite a range with bytes from another seed
        byte[] donor = seeds.get(random.nextInt(seeds.size())).bytes();
        int length = 1 + random.nextInt(Math.min(512, donor.length));
        int from = random.nextInt(donor.length - length + 1);
        int to = random.nextInt(Math.max(1, b.length - length));
        System.arraycopy(donor, from, b, to, Math.min(length, b.length - to));
        how[0] = "spliced " + length + " bytes at " + to;
      }
      case 4 -> { // remove or duplicate a range
        int from = random.nextInt(b.length);
        int length = 1 + random.nextInt(Math.min(1024, b.length - from));
        byte[] out = new byte[random.nextBoolean() ? b.length - length : b.length + length];
        if (out.length < b.length) {
          System.arraycopy(b, 0, out, 0, from);
          System.arraycopy(b, from + length, out, from, b.length - from - length);
          how[0] = "removed " + length + " bytes at " + from;
        } else {
          System.arraycopy(b, 0, out, 0, from + length);
          System.arraycopy(b, from, out, from + length, b.length - from);
          how[0] = "duplicated " + length + " bytes at " + from;
        }
        return out;
      }
      default -> { // overwrite a random 16-bit field with an extreme value
        int at = random.nextInt(Math.min(b.length - 1, 400));
        int value = new int[] {0, 0xFFFF, 0x7FFF, 0x8000, 1}[random.nextInt(5)];
        b[at] = (byte) (value >> 8);
        b[at + 1] = (byte) value;
        how[0] = "field at " + at + " set to " + value;
      }
    }
    return b;
  }
}
