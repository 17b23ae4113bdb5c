package dev.bayan.tools;

import dev.bayan.config.StoreConfig.LuceneConfig;
import dev.bayan.match.LuceneVectorStore;
import dev.bayan.match.Neighbor;
import dev.bayan.match.StoreStats;
import dev.bayan.match.StoredPost;
import dev.bayan.match.VectorQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.util.VectorUtil;

/**
 * Builds an embedded store of clustered vectors and measures it: build and commit time, disk per
 * vector, recall@10 against brute force for edited-copy queries, and queries/s one at a time
 * versus batched.
 *
 * <p>Data: N/1000 random centres (meme templates), each post a variant at cosine 0.6-0.9 to its
 * centre; uniform random vectors would make HNSW look better than real embeddings do. How a variant
 * leaves its centre is {@code spread}: {@code isotropic} (a random direction among all dimensions;
 * every post of a template is then about equally far from every other, which starves some posts of
 * graph links) or {@code subspace} (mostly along 24 directions of its template, like edits of one
 * template that change text, crop or colour). Queries: a stored post edited, at cosine 0.85-0.98.
 *
 * <p>Usage: {@code StoreBench N dim dir [quantized=true] [m=16] [beam=100] [spread=isotropic] [ks=10,100,200]
 * [existing=false]}; run with {@code -Xmx8g --add-modules jdk.incubator.vector}. The directory must not exist
 * yet, unless {@code existing=true}: then the index an earlier run built there is only measured.
 */
public final class StoreBench {
  private static final int BATCH = 1_000;
  private static final int QUERIES = 200;
  private static final int TIMED_QUERIES = 1_024;
  private static final String SPACE = "default";

  private static final int SUBSPACE = 24;

  private final int dim;
  private final boolean isotropic;
  private final int[] ks;
  private final Random random = new Random(42);

  private StoreBench(int dim, boolean isotropic, int[] ks) {
    this.dim = dim;
    this.isotropic = isotropic;
    this.ks = ks;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: StoreBench N dim dir [quantized=true] [m=16] [beam=100] [spread=isotropic|subspace]"
          + " [ks=10,100,200] [existing=false]");
      System.exit(2);
    }
    int n = Integer.parseInt(args[0]);
    int dim = Integer.parseInt(args[1]);
    Path dir = Path.of(args[2]);
    Map<String, String> options = new HashMap<>();
    for (int i = 3; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      if (pair.length != 2) throw new IllegalArgumentException("expected key=value, got " + args[i]);
      options.put(pair[0], pair[1]);
    }
    boolean quantized = Boolean.parseBoolean(options.getOrDefault("quantized", "true"));
    int m = Integer.parseInt(options.getOrDefault("m", "16"));
    int beam = Integer.parseInt(options.getOrDefault("beam", "100"));
    String spread = options.getOrDefault("spread", "isotropic");
    if (!spread.equals("isotropic") && !spread.equals("subspace")) {
      throw new IllegalArgumentException("spread: " + spread);
    }
    int[] ks = Arrays.stream(options.getOrDefault("ks", "10,100,200").split(",")).mapToInt(Integer::parseInt).toArray();
    boolean existing = Boolean.parseBoolean(options.getOrDefault("existing", "false"));
    if (Files.exists(dir) != existing) {
      throw new IllegalArgumentException(dir
          + (existing ? " does not exist" : " exists: the bench builds a fresh index"));
    }
    System.out.printf(Locale.ROOT, "N=%d dim=%d quantized=%s M=%d beamWidth=%d spread=%s cores=%d heap=%dMB%n", n,
        dim, quantized, m, beam, spread, Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    // candidates = 2k for each k measured (the store's floor), so each k shows its own efSearch
    new StoreBench(dim, spread.equals("isotropic"), ks).run(n, dir, new LuceneConfig(m, beam, quantized, 1), existing);
  }

  /** {@code existing}: only measure an index an earlier run built with the same N, dim and spread (same seed). */
  private void run(int n, Path dir, LuceneConfig cfg, boolean existing) {
    float[][] vectors = clustered(n);
    float[][] queries = new float[QUERIES][];
    int[] originals = new int[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      originals[q] = random.nextInt(n);
      queries[q] = variant(vectors[originals[q]], 0.85, 0.98);
    }
    int[][] truth = bruteForceTop10(vectors, queries);
    int copyIsNearest = 0;
    for (int q = 0; q < QUERIES; q++) if (truth[q][0] == originals[q]) copyIsNearest++;
    System.out.printf(Locale.ROOT, "exact: the edited copy's original is the nearest post for %d/%d queries%n",
        copyIsNearest, QUERIES);

    try (LuceneVectorStore store = new LuceneVectorStore(dir, dim, cfg)) {
      if (existing) {
        measure("existing index", store, n, queries, originals, truth);
        return;
      }
      long start = System.nanoTime();
      long slowest = 0;
      for (int from = 0; from < n; from += BATCH) {
        List<StoredPost> batch = new ArrayList<>(BATCH);
        for (int i = from; i < Math.min(n, from + BATCH); i++) batch.add(post(i, vectors[i]));
        long t = System.nanoTime();
        store.upsert(batch);
        slowest = Math.max(slowest, System.nanoTime() - t);
      }
      double buildSeconds = seconds(System.nanoTime() - start);
      System.out.printf(Locale.ROOT, "build: %.1f s (%.0f posts/s), upsert of %d: mean %.1f ms, slowest %.1f ms%n",
          buildSeconds, n / buildSeconds, BATCH, buildSeconds * 1000 / Math.ceil(n / (double) BATCH),
          slowest / 1e6);
      System.out.printf(Locale.ROOT, "commit: one-post upsert (commit + refresh) median %.1f ms%n",
          singlePostUpsertMillis(store, n));

      measure("after build", store, n, queries, originals, truth);
      long t = System.nanoTime();
      store.compact();
      System.out.printf(Locale.ROOT, "compact (forceMerge(1) + commit): %.1f s%n", seconds(System.nanoTime() - t));
      measure("after compact", store, n, queries, originals, truth);
    }
  }

  private double singlePostUpsertMillis(LuceneVectorStore store, int n) {
    double[] millis = new double[21];
    for (int i = 0; i < millis.length; i++) {
      long t = System.nanoTime();
      store.upsert(List.of(post(n + i, unit()))); // new ids far from all clusters: ground truth unchanged
      millis[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(millis);
    return millis[millis.length / 2];
  }

  private void measure(String phase, LuceneVectorStore store, int n, float[][] queries, int[] originals,
                       int[][] truth) {
    StoreStats stats = store.stats();
    System.out.printf(Locale.ROOT, "[%s] segments=%d vectors=%d disk=%.1f MB (%.0f bytes/vector)%n", phase,
        stats.segments(), stats.vectors(), stats.diskBytes() / 1e6, stats.diskBytes() / (double) stats.vectors());
    for (int k : ks) {
      double recall = 0;
      int copyFirst = 0;
      for (int q = 0; q < queries.length; q++) {
        List<Neighbor> hits = store.search(List.of(new VectorQuery(queries[q], List.of(SPACE), k))).get(0);
        Set<String> expected = new HashSet<>();
        for (int id : truth[q]) expected.add(id(id));
        recall += hits.stream().limit(10).filter(h -> expected.contains(h.postId())).count() / 10.0;
        if (!hits.isEmpty() && hits.get(0).postId().equals(id(originals[q]))) copyFirst++;
      }
      System.out.printf(Locale.ROOT, "[%s] k=%d: recall@10 %.3f, edited copy ranked first %d/%d%n", phase, k,
          recall / queries.length, copyFirst, queries.length);
    }
    for (int k : ks) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%s] k=%d queries/s:", phase, k));
      for (int nq : new int[] {1, 8, 32}) {
        throughput(store, queries, nq, k); // warm-up
        line.append(String.format(Locale.ROOT, " nq=%d %.0f", nq, throughput(store, queries, nq, k)));
      }
      System.out.println(line);
    }
  }

  /** Queries per second when the same queries arrive in batches of {@code nq}. */
  private static double throughput(LuceneVectorStore store, float[][] queries, int nq, int k) {
    long start = System.nanoTime();
    for (int done = 0; done < TIMED_QUERIES; done += nq) {
      List<VectorQuery> batch = new ArrayList<>(nq);
      for (int i = done; i < done + nq; i++) {
        batch.add(new VectorQuery(queries[i % queries.length], List.of(SPACE), k));
      }
      store.search(batch);
    }
    return TIMED_QUERIES / seconds(System.nanoTime() - start);
  }

  private static int[][] bruteForceTop10(float[][] vectors, float[][] queries) {
    long start = System.nanoTime();
    int[][] truth = new int[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      int[] best = new int[10];
      float[] scores = new float[10];
      Arrays.fill(scores, Float.NEGATIVE_INFINITY);
      for (int i = 0; i < vectors.length; i++) {
        float s = VectorUtil.dotProduct(queries[q], vectors[i]);
        if (s <= scores[9]) continue;
        int at = 9;
        while (at > 0 && scores[at - 1] < s) {
          scores[at] = scores[at - 1];
          best[at] = best[at - 1];
          at--;
        }
        scores[at] = s;
        best[at] = i;
      }
      truth[q] = best;
    }
    System.out.printf(Locale.ROOT, "brute force: %.1f queries/s (exact top-10 ground truth)%n",
        queries.length / seconds(System.nanoTime() - start));
    return truth;
  }

  /** Posts of N/1000 templates: each at cosine 0.6-0.9 to its template's centre. */
  private float[][] clustered(int n) {
    int templates = Math.max(1, n / 1_000);
    float[][] centres = new float[templates][];
    float[][][] editDirections = new float[templates][SUBSPACE][];
    for (int c = 0; c < templates; c++) {
      centres[c] = unit();
      for (int j = 0; j < SUBSPACE; j++) editDirections[c][j] = unit();
    }
    float[][] vectors = new float[n][];
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(templates);
      float[] away = isotropic ? unit() : edit(editDirections[c]);
      vectors[i] = towards(centres[c], away, 0.6, 0.9);
    }
    return vectors;
  }

  /** Mostly a mix of the template's edit directions, with a little of everything else. */
  private float[] edit(float[][] directions) {
    float[] v = new float[dim];
    for (float[] direction : directions) {
      double weight = random.nextGaussian();
      for (int i = 0; i < dim; i++) v[i] += (float) (weight * direction[i]);
    }
    normalised(v);
    float[] rest = unit();
    for (int i = 0; i < dim; i++) v[i] = 0.9f * v[i] + 0.436f * rest[i];
    return normalised(v);
  }

  /** A unit vector at a cosine drawn from [lo, hi] to {@code base}, in a random direction. */
  private float[] variant(float[] base, double lo, double hi) {
    return towards(base, unit(), lo, hi);
  }

  /** A unit vector at a cosine drawn from [lo, hi] to {@code base}, leaving it towards {@code away}. */
  private float[] towards(float[] base, float[] away, double lo, double hi) {
    double cos = lo + random.nextDouble() * (hi - lo);
    float[] side = away.clone();
    float along = VectorUtil.dotProduct(side, base);
    for (int i = 0; i < dim; i++) side[i] -= along * base[i]; // orthogonal to base
    normalised(side);
    double sin = Math.sqrt(1 - cos * cos);
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) v[i] = (float) (cos * base[i] + sin * side[i]);
    return normalised(v);
  }

  private float[] unit() {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) v[i] = (float) random.nextGaussian();
    return normalised(v);
  }

  private static float[] normalised(float[] v) {
    double norm = Math.sqrt(VectorUtil.dotProduct(v, v));
    for (int i = 0; i < v.length; i++) v[i] /= (float) norm;
    return v;
  }

  private StoredPost post(int i, float[] vector) {
    byte[] pdq = new byte[32];
    random.nextBytes(pdq);
    return new StoredPost(id(i), "author-" + (i % 5_000), SPACE, 1_700_000_000_000L + i, "accept", vector, pdq, null);
  }

  private static String id(int i) {
    return "post-" + i;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
