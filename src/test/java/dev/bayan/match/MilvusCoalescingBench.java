package dev.bayan.match;

import dev.bayan.config.StoreConfig.MilvusConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How much coalescing saves: 32 queries sent as 32 requests of nq=1 against one request of
 * nq=32, through the real store, SDK and gRPC, against the protocol double holding 100k x 576
 * vectors (exact search, blocked so that nq=32 reuses each block of rows from cache). Also times
 * the double's search loop alone, to separate the engine's gain from the per-request overhead.
 * The two ways run alternately, round after round, so both see the same machine load; it reports
 * median times and the median per-round ratio from one run. Absolute times depend on the machine.
 *
 * <pre>
 * mvn -q -B test-compile dependency:copy-dependencies -DincludeScope=test -DoutputDirectory=target/lib-test
 * java --add-modules jdk.incubator.vector -Xmx3g -cp "target/test-classes:target/classes:target/lib-test/*" \
 *   dev.bayan.match.MilvusCoalescingBench [rows] [dim] [rounds]
 * </pre>
 */
public final class MilvusCoalescingBench {
  private static final int NQ = 32;
  private static final int K = 10;

  private MilvusCoalescingBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : 576;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
    Random random = new Random(42);

    try (MilvusProtocolDouble milvus = MilvusProtocolDouble.start();
         MilvusVectorStore store = new MilvusVectorStore(new MilvusConfig(milvus.uri(), "", "default", "bench", "FLAT",
             1024, 16, 16, 200, 128, "STRONG", 120_000, 0), dim)) {
      store.upsert(List.of(new StoredPost("seed", "a", "default", 0L, "accept", unit(random, dim), null, null)));
      MilvusDoubleCollection collection = milvus.collection("bench");
      String partition = PartitionNames.of("default");
      synchronized (collection) {
        for (int i = 0; i < rows; i++) {
          Map<String, Object> values = new HashMap<>();
          values.put("postId", String.format("p%07d", i));
          values.put("author", "a");
          values.put("space", "default");
          values.put("createdAt", (long) i);
          values.put("decision", "accept");
          values.put("pdq", new byte[32]);
          values.put("hasPdq", false);
          collection.load(partition, (String) values.get("postId"), unit(random, dim), values);
        }
      }
      List<VectorQuery> queries = new ArrayList<>();
      for (int q = 0; q < NQ; q++) queries.add(new VectorQuery(unit(random, dim), List.of("default"), K));
      float[][] vectors = queries.stream().map(VectorQuery::vector).toArray(float[][]::new);

      Runnable oneByOne = () -> {
        for (VectorQuery q : queries) store.search(List.of(q));
      };
      Runnable coalesced = () -> store.search(queries);
      Runnable engineOneByOne = () -> {
        for (float[] v : vectors) engine(collection, new float[][] {v}, partition);
      };
      Runnable engineCoalesced = () -> engine(collection, vectors, partition);

      List<String> single = new ArrayList<>();
      for (VectorQuery q : queries) single.add(store.search(List.of(q)).get(0).get(0).postId());
      List<String> batched = store.search(queries).stream().map(r -> r.get(0).postId()).toList();
      if (!single.equals(batched)) throw new IllegalStateException("nq=1 and nq=32 disagree: " + single + " vs " + batched);

      for (int i = 0; i < 2; i++) {
        oneByOne.run();
        coalesced.run();
      }
      double[] viaStore = interleaved(oneByOne, coalesced, rounds);
      double[] engine = interleaved(engineOneByOne, engineCoalesced, rounds);

      System.out.printf(Locale.ROOT, "rows=%d dim=%d k=%d queries=%d rounds=%d cores=%d java=%s%n", rows + 1, dim, K, NQ,
          rounds, Runtime.getRuntime().availableProcessors(), Runtime.version());
      System.out.printf(Locale.ROOT, "store+SDK+gRPC: 32 x nq=1 %.1f ms, 1 x nq=32 %.1f ms, ratio %.2fx%n", viaStore[0],
          viaStore[1], viaStore[2]);
      System.out.printf(Locale.ROOT, "double's search loop only: 32 x nq=1 %.1f ms, 1 x nq=32 %.1f ms, ratio %.2fx%n",
          engine[0], engine[1], engine[2]);
    }
  }

  private static void engine(MilvusDoubleCollection collection, float[][] vectors, String partition) {
    synchronized (collection) {
      collection.search(vectors, K, List.of(partition), row -> true);
    }
  }

  /**
   * Runs {@code a} and {@code b} alternately so that both see the same machine load; returns the
   * median time of each and the median of the per-round ratios a/b.
   */
  private static double[] interleaved(Runnable a, Runnable b, int rounds) {
    double[] ta = new double[rounds];
    double[] tb = new double[rounds];
    double[] ratio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ta[r] = millis(a);
      tb[r] = millis(b);
      ratio[r] = ta[r] / tb[r];
    }
    return new double[] {median(ta), median(tb), median(ratio)};
  }

  private static double millis(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static float[] unit(Random random, int dim) {
    float[] v = new float[dim];
    double norm = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dim; i++) v[i] *= inv;
    return v;
  }
}
