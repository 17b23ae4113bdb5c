package dev.bayan.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorStore} must have. Each implementation extends this suite, so
 * the embedded and Milvus stores cannot drift apart.
 */
public abstract class VectorStoreContractTest {
  protected static final int DIM = 64;
  protected VectorStore store;

  /** A fresh, empty store of {@link #DIM} dimensions. */
  protected abstract VectorStore openStore() throws Exception;

  /** Closes and reopens the same store (same data), for durability checks. */
  protected abstract VectorStore reopenStore(VectorStore old) throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openStore();
  }

  @AfterEach
  void close() {
    if (store != null) store.close();
  }

  protected static float[] unit(Random random) {
    float[] v = new float[DIM];
    double norm = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < DIM; i++) v[i] /= (float) Math.sqrt(norm);
    return v;
  }

  /** {@code base} nudged by noise of the given size, renormalised: a near copy. */
  protected static float[] near(float[] base, Random random, double noise) {
    float[] v = base.clone();
    double norm = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] += (float) (random.nextGaussian() * noise / Math.sqrt(DIM));
      norm += v[i] * v[i];
    }
    for (int i = 0; i < DIM; i++) v[i] /= (float) Math.sqrt(norm);
    return v;
  }

  protected static StoredPost post(String id, String space, float[] vector) {
    return new StoredPost(id, "author-" + id, space, 1_700_000_000_000L + id.hashCode(), "accept", vector,
        new byte[32], null);
  }

  @Test
  void findsTheNearCopyFirstWithItsSimilarity() {
    Random random = new Random(1);
    List<StoredPost> posts = new ArrayList<>();
    for (int i = 0; i < 200; i++) posts.add(post("p" + i, "default", unit(random)));
    store.upsert(posts);

    float[] query = near(posts.get(42).vector(), random, 0.1);
    List<List<Neighbor>> result = store.search(List.of(new VectorQuery(query, List.of("default"), 10)));

    assertThat(result).hasSize(1);
    Neighbor best = result.get(0).get(0);
    assertThat(best.postId()).isEqualTo("p42");
    assertThat(best.space()).isEqualTo("default");
    assertThat(best.similarity()).isBetween(0.95f, 1.0001f);
    assertThat(result.get(0)).hasSizeLessThanOrEqualTo(10);
    assertThat(result.get(0)).isSortedAccordingTo((a, b) -> Float.compare(b.similarity(), a.similarity()));
  }

  @Test
  void answersManyQueriesInOneCallInOrder() {
    Random random = new Random(2);
    List<StoredPost> posts = new ArrayList<>();
    for (int i = 0; i < 100; i++) posts.add(post("q" + i, "default", unit(random)));
    store.upsert(posts);

    List<VectorQuery> queries = new ArrayList<>();
    for (int i = 0; i < 32; i++) queries.add(new VectorQuery(near(posts.get(i * 3).vector(), random, 0.05),
        List.of("default"), 5));
    List<List<Neighbor>> result = store.search(queries);

    assertThat(result).hasSize(32);
    for (int i = 0; i < 32; i++) assertThat(result.get(i).get(0).postId()).isEqualTo("q" + (i * 3));
  }

  @Test
  void keepsSpacesApartAndSearchesSeveralAtOnce() {
    Random random = new Random(3);
    float[] shared = unit(random);
    store.upsert(List.of(post("a1", "cats", shared), post("b1", "dogs", near(shared, random, 0.02)),
        post("c1", "birds", unit(random))));

    List<Neighbor> cats = store.search(List.of(new VectorQuery(shared, List.of("cats"), 10))).get(0);
    assertThat(cats).extracting(Neighbor::postId).containsExactly("a1");

    List<Neighbor> both = store.search(List.of(new VectorQuery(shared, List.of("cats", "dogs"), 10))).get(0);
    assertThat(both).extracting(Neighbor::postId).containsExactlyInAnyOrder("a1", "b1");

    assertThat(store.search(List.of(new VectorQuery(shared, List.of("empty-space"), 10))).get(0)).isEmpty();
  }

  @Test
  void upsertReplacesByPostIdAndGetReturnsMetadata() {
    Random random = new Random(4);
    float[] first = unit(random);
    float[] second = unit(random);
    store.upsert(List.of(post("x", "default", first)));
    store.upsert(List.of(post("x", "default", second)));

    assertThat(store.stats().vectors()).isEqualTo(1);
    List<Neighbor> hits = store.search(List.of(new VectorQuery(second, List.of("default"), 10))).get(0);
    assertThat(hits).extracting(Neighbor::postId).containsExactly("x");
    assertThat(hits.get(0).similarity()).isGreaterThan(0.99f);

    StoredPost stored = store.get("x").orElseThrow();
    assertThat(stored.authorId()).isEqualTo("author-x");
    assertThat(stored.space()).isEqualTo("default");
    assertThat(stored.decision()).isEqualTo("accept");
    assertThat(stored.vector()).hasSize(DIM);
    assertThat(store.get("missing")).isEmpty();
  }

  @Test
  void deletedPostsLeaveSearchAtOnce() {
    Random random = new Random(5);
    float[] v = unit(random);
    store.upsert(List.of(post("gone", "default", v), post("kept", "default", unit(random))));

    assertThat(store.delete("gone")).isTrue();
    assertThat(store.delete("gone")).isFalse();

    List<Neighbor> hits = store.search(List.of(new VectorQuery(v, List.of("default"), 10))).get(0);
    assertThat(hits).extracting(Neighbor::postId).doesNotContain("gone").contains("kept");
    assertThat(store.get("gone")).isEmpty();
  }

  @Test
  void survivesReopen() throws Exception {
    Random random = new Random(6);
    float[] v = unit(random);
    store.upsert(List.of(post("durable", "default", v)));
    store = reopenStore(store);

    List<Neighbor> hits = store.search(List.of(new VectorQuery(v, List.of("default"), 3))).get(0);
    assertThat(hits).extracting(Neighbor::postId).containsExactly("durable");
    assertThat(store.stats().vectors()).isEqualTo(1);
    List<String> seen = new ArrayList<>();
    store.forEach(p -> seen.add(p.postId()));
    assertThat(seen).containsExactly("durable");
  }

  @Test
  void statsCountPerSpace() {
    Random random = new Random(7);
    store.upsert(List.of(post("s1", "a", unit(random)), post("s2", "a", unit(random)), post("s3", "b", unit(random))));
    StoreStats stats = store.stats();
    assertThat(stats.vectors()).isEqualTo(3);
    assertThat(stats.perSpace()).containsEntry("a", 2L).containsEntry("b", 1L);
    assertThat(stats.kind()).isEqualTo(store.kind());
  }
}
