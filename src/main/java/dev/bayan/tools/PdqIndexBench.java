package dev.bayan.tools;

import dev.bayan.match.HashMatch;
import dev.bayan.match.PdqIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmarks {@link PdqIndex} against a brute-force scan: random 256-bit hashes plus planted near
 * copies, radius 31. Usage: {@code PdqIndexBench [entries=1000000] [queries=2000] [threads=cores]}.
 *
 * <p>Random hashes spread evenly over every chunk value, so each probed bucket holds about
 * entries / 65536 hashes; real PDQ hashes are less uniform and give longer candidate lists.
 */
public final class PdqIndexBench {
  private static final int RADIUS = 31;
  private static final int COPIES_PER_QUERY = 4;
  private static final List<String> SPACES = List.of("s0", "s1", "s2", "s3");

  private PdqIndexBench() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int queryCount = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    Random random = new Random(1);

    long[] flat = new long[4 * (entries + queryCount * COPIES_PER_QUERY)]; // the brute-force copy
    List<byte[]> queries = new ArrayList<>();
    List<byte[]> planted = new ArrayList<>();
    for (int q = 0; q < queryCount; q++) {
      byte[] query = randomHash(random);
      queries.add(query);
      for (int c = 0; c < COPIES_PER_QUERY; c++) planted.add(flip(query, random.nextInt(RADIUS + 1), random));
    }

    long heapBefore = usedHeap();
    PdqIndex index = new PdqIndex();
    long t0 = System.nanoTime();
    for (int i = 0; i < entries; i++) add(index, flat, i, "p" + i, randomHash(random));
    for (int i = 0; i < planted.size(); i++) add(index, flat, entries + i, "c" + i, planted.get(i));
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    long heapAfter = usedHeap();
    int size = index.size();

    // warm up, then time
    runIndex(index, queries, 200);
    long found = 0;
    t0 = System.nanoTime();
    for (byte[] q : queries) found += index.search(q, SPACES, RADIUS, 100).size();
    double indexSeconds = (System.nanoTime() - t0) / 1e9;
    double parallelQps = parallelQps(index, queries, threads);

    int bruteQueries = Math.min(queryCount, 200);
    runBrute(flat, size, queries.subList(0, 20));
    t0 = System.nanoTime();
    long bruteFound = runBrute(flat, size, queries.subList(0, bruteQueries));
    double bruteSeconds = (System.nanoTime() - t0) / 1e9;
    long indexFoundSame = runIndex(index, queries.subList(0, bruteQueries), bruteQueries);

    System.out.printf(Locale.ROOT, "entries              %,d (%,d random + %,d planted copies within %d bits)%n",
        size, entries, planted.size(), RADIUS);
    System.out.printf(Locale.ROOT, "build                %.2f s (%,.0f adds/s)%n", buildSeconds, size / buildSeconds);
    System.out.printf(Locale.ROOT, "heap per entry       %.0f bytes (index incl. id strings;"
        + " flat brute-force copy excluded)%n",
        (heapAfter - heapBefore) / (double) size);
    System.out.printf(Locale.ROOT, "expected candidates  %.0f per query (16 chunks x 17 buckets x %.1f per bucket)%n",
        16 * 17 * size / 65536.0, size / 65536.0);
    System.out.printf(Locale.ROOT, "index, 1 thread      %,.0f queries/s (%.1f us/query), %d matches for %d queries%n",
        queryCount / indexSeconds, indexSeconds * 1e6 / queryCount, found, queryCount);
    System.out.printf(Locale.ROOT, "index, %d threads     %,.0f queries/s%n", threads, parallelQps);
    System.out.printf(Locale.ROOT, "brute force, 1 thread %,.0f queries/s (%.2f ms/query)%n",
        bruteQueries / bruteSeconds, bruteSeconds * 1e3 / bruteQueries);
    System.out.printf(Locale.ROOT, "speed-up             %.0fx; same matches as brute force on %d queries: %s%n",
        (bruteSeconds / bruteQueries) / (indexSeconds / queryCount), bruteQueries, bruteFound == indexFoundSame);
  }

  private static void add(PdqIndex index, long[] flat, int row, String id, byte[] hash) {
    index.add(id, SPACES.get(row & 3), hash);
    for (int w = 0; w < 4; w++) {
      long v = 0;
      for (int b = 0; b < 8; b++) v = (v << 8) | (hash[w * 8 + b] & 0xff);
      flat[row * 4 + w] = v;
    }
  }

  private static long runIndex(PdqIndex index, List<byte[]> queries, int count) {
    long found = 0;
    for (byte[] q : queries.subList(0, Math.min(count, queries.size()))) {
      found += index.search(q, SPACES, RADIUS, Integer.MAX_VALUE).size();
    }
    return found;
  }

  private static long runBrute(long[] flat, int size, List<byte[]> queries) {
    long found = 0;
    for (byte[] hash : queries) {
      long[] q = new long[4];
      for (int w = 0; w < 4; w++) {
        for (int b = 0; b < 8; b++) q[w] = (q[w] << 8) | (hash[w * 8 + b] & 0xff);
      }
      for (int i = 0, o = 0; i < size; i++, o += 4) {
        int d = Long.bitCount(q[0] ^ flat[o]) + Long.bitCount(q[1] ^ flat[o + 1])
            + Long.bitCount(q[2] ^ flat[o + 2]) + Long.bitCount(q[3] ^ flat[o + 3]);
        if (d <= RADIUS) found++;
      }
    }
    return found;
  }

  private static double parallelQps(PdqIndex index, List<byte[]> queries, int threads) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      long t0 = System.nanoTime();
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          int n = 0;
          for (byte[] q : queries) {
            List<HashMatch> m = index.search(q, SPACES, RADIUS, 100);
            n += m.size();
          }
          return n;
        }));
      }
      for (Future<Integer> f : done) f.get();
      return (double) threads * queries.size() / ((System.nanoTime() - t0) / 1e9);
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static byte[] randomHash(Random random) {
    byte[] h = new byte[32];
    random.nextBytes(h);
    return h;
  }

  private static byte[] flip(byte[] hash, int bits, Random random) {
    byte[] out = hash.clone();
    java.util.BitSet flipped = new java.util.BitSet(256);
    while (flipped.cardinality() < bits) flipped.set(random.nextInt(256));
    flipped.stream().forEach(b -> out[b >> 3] ^= (byte) (1 << (b & 7)));
    return out;
  }
}
