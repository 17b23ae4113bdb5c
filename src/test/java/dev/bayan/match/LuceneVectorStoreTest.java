package dev.bayan.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bayan.config.StoreConfig.LuceneConfig;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the int8-quantised Lucene store, plus what only an on-disk index can get wrong. */
class LuceneVectorStoreTest extends VectorStoreContractTest {
  static final LuceneConfig QUANTIZED = new LuceneConfig(16, 100, true, 200);

  @TempDir
  Path dir;

  protected LuceneConfig config() {
    return QUANTIZED;
  }

  /** The vector format name that {@link #config()} must put on disk. */
  protected String expectedFormat() {
    return "Lucene104HnswBinaryQuantizedVectorsFormat"; // Lucene 10.6's name for its int8/OSQ HNSW format
  }

  @Override
  protected VectorStore openStore() {
    return new LuceneVectorStore(dir.resolve("index"), DIM, config());
  }

  @Override
  protected VectorStore reopenStore(VectorStore old) {
    old.close();
    return openStore();
  }

  @Test
  void writesTheConfiguredVectorFormat() throws Exception {
    store.upsert(List.of(post("fmt", "default", unit(new Random(9)))));
    store.close();
    store = null;
    try (Directory directory = FSDirectory.open(dir.resolve("index"));
         DirectoryReader reader = DirectoryReader.open(directory)) {
      FieldInfo vector = FieldInfos.getMergedFieldInfos(reader).fieldInfo("vector");
      assertThat(vector.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY)).isEqualTo(expectedFormat());
      assertThat(vector.getVectorSimilarityFunction()).isEqualTo(VectorSimilarityFunction.DOT_PRODUCT);
      assertThat(vector.getVectorDimension()).isEqualTo(DIM);
    }
  }

  @Test
  void refusesToOpenAnIndexOfAnotherDimension() {
    store.upsert(List.of(post("p", "default", unit(new Random(10)))));
    store.close();
    store = null;

    assertThatThrownBy(() -> new LuceneVectorStore(dir.resolve("index"), DIM * 2, config()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(DIM + "-dimensional")
        .hasMessageContaining(String.valueOf(DIM * 2))
        .hasMessageContaining("re-index");
    // the failed open released the index: the right dimension still opens it, data intact
    store = openStore();
    assertThat(store.get("p")).isPresent();
  }

  @Test
  void anEmptyIndexAlreadyRemembersItsDimension() {
    store.close();
    store = null;
    assertThatThrownBy(() -> new LuceneVectorStore(dir.resolve("index"), 32, config()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("re-index");
  }

  @Test
  void pdqThumbnailAndVectorRoundTripThroughGet() throws Exception {
    Random random = new Random(11);
    byte[] pdq = new byte[32];
    random.nextBytes(pdq);
    byte[] thumbnail = jpeg(48, 32);
    float[] vector = unit(random);
    store.upsert(List.of(new StoredPost("t1", "alice", "memes", 1_700_000_123_456L, "review", vector, pdq, thumbnail),
        post("t2", "memes", unit(random))));

    store = reopenStore(store);
    StoredPost stored = store.get("t1").orElseThrow();
    assertThat(stored.pdq()).containsExactly(pdq);
    assertThat(stored.thumbnail()).containsExactly(thumbnail);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(stored.thumbnail()));
    assertThat(decoded.getWidth()).isEqualTo(48);
    assertThat(decoded.getHeight()).isEqualTo(32);
    assertThat(stored.vector()).containsExactly(vector); // raw floats, not the quantised codes
    assertThat(stored.authorId()).isEqualTo("alice");
    assertThat(stored.space()).isEqualTo("memes");
    assertThat(stored.createdAt()).isEqualTo(1_700_000_123_456L);
    assertThat(stored.decision()).isEqualTo("review");

    StoredPost withoutExtras = new StoredPost("t3", null, "memes", 5L, null, unit(random), null, null);
    store.upsert(List.of(withoutExtras));
    StoredPost bare = store.get("t3").orElseThrow();
    assertThat(bare.pdq()).isNull();
    assertThat(bare.thumbnail()).isNull();
    assertThat(bare.authorId()).isNull();
  }

  @Test
  void nearCopiesAmongTwoThousandPostsAreFoundFirstWithTheirExactCosine() {
    Random random = new Random(12);
    List<StoredPost> posts = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) posts.add(post("r" + i, "default", unit(random)));
    store.upsert(posts);

    int found = 0;
    for (int q = 0; q < 100; q++) {
      StoredPost original = posts.get(random.nextInt(posts.size()));
      float[] query = near(original.vector(), random, 0.1);
      Neighbor best = store.search(List.of(new VectorQuery(query, List.of("default"), 5))).get(0).get(0);
      if (best.postId().equals(original.postId())) found++;
      // exact re-scoring: the reported similarity is the float dot product, not the int8 estimate
      assertThat(best.similarity()).isCloseTo(dot(query, original.vector()), within(1e-5f));
    }
    assertThat(found).isEqualTo(100);
  }

  @Test
  void forEachVisitsLivePostsOnlyWithTheirData() {
    Random random = new Random(13);
    List<StoredPost> posts = new ArrayList<>();
    for (int i = 0; i < 50; i++) posts.add(post("f" + i, i % 2 == 0 ? "even" : "odd", unit(random)));
    store.upsert(posts);
    store.delete("f0");
    store.upsert(List.of(post("f1", "odd", posts.get(3).vector()))); // replaced: visited once, new vector

    List<StoredPost> seen = new ArrayList<>();
    store.forEach(seen::add);
    assertThat(seen).extracting(StoredPost::postId).hasSize(49).doesNotHaveDuplicates().doesNotContain("f0");
    StoredPost f1 = seen.stream().filter(p -> p.postId().equals("f1")).findFirst().orElseThrow();
    assertThat(f1.vector()).containsExactly(posts.get(3).vector());
    assertThat(f1.pdq()).hasSize(32);
    assertThat(store.stats().perSpace()).containsEntry("even", 24L).containsEntry("odd", 25L);
  }

  @Test
  void compactMergesToOneSegmentAndKeepsEveryPost() throws Exception {
    Random random = new Random(14);
    List<StoredPost> all = new ArrayList<>();
    for (int batch = 0; batch < 4; batch++) {
      List<StoredPost> posts = new ArrayList<>();
      for (int i = 0; i < 30; i++) posts.add(post("c" + batch + "-" + i, "default", unit(random)));
      store.upsert(posts); // one commit each: one segment each
      all.addAll(posts);
    }
    store.delete("c0-0");
    assertThat(store.stats().segments()).isGreaterThan(1);

    store.compact();
    StoreStats stats = store.stats();
    assertThat(stats.segments()).isEqualTo(1);
    assertThat(stats.vectors()).isEqualTo(119);
    assertThat(stats.diskBytes()).isPositive();
    float[] query = all.get(77).vector();
    assertThat(store.search(List.of(new VectorQuery(query, List.of("default"), 1))).get(0))
        .extracting(Neighbor::postId).containsExactly(all.get(77).postId());
  }

  @Test
  void lastCommitTimeIsKeptInTheIndex() throws Exception {
    long before = System.currentTimeMillis();
    store.upsert(List.of(post("lc", "default", unit(new Random(15)))));
    long committed = store.stats().lastCommitMillis();
    assertThat(committed).isBetween(before, System.currentTimeMillis());

    store = reopenStore(store);
    assertThat(store.stats().lastCommitMillis()).isEqualTo(committed);
  }

  @Test
  void rejectsVectorsOfTheWrongWidth() {
    assertThatThrownBy(() -> store.upsert(List.of(post("w", "default", new float[DIM + 1]))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(DIM + 1));
    assertThatThrownBy(() -> store.search(List.of(new VectorQuery(new float[3], List.of("default"), 1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.stats().vectors()).isZero();
  }

  @Test
  void acceptsEmbeddingsWiderThanLucenesDefaultCap() throws Exception {
    store.close();
    store = null;
    int wide = 2048;
    Random random = new Random(16);
    try (LuceneVectorStore wideStore = new LuceneVectorStore(dir.resolve("wide"), wide, config())) {
      List<StoredPost> posts = new ArrayList<>();
      for (int i = 0; i < 20; i++) posts.add(post("w" + i, "default", unitOf(wide, random)));
      wideStore.upsert(posts);
      List<Neighbor> hits = wideStore.search(List.of(new VectorQuery(posts.get(7).vector(), List.of("default"), 3))).get(0);
      assertThat(hits.get(0).postId()).isEqualTo("w7");
      assertThat(hits.get(0).similarity()).isCloseTo(1f, within(1e-5f));
    }
  }

  private static float[] unitOf(int dim, Random random) {
    float[] v = new float[dim];
    double norm = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) v[i] /= (float) Math.sqrt(norm);
    return v;
  }

  private static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
    return sum;
  }

  /** A real JPEG: a gradient with a shape, encoded by ImageIO. */
  private static byte[] jpeg(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    for (int x = 0; x < width; x++) {
      g.setColor(new Color(x * 255 / width, 80, 255 - x * 255 / width));
      g.drawLine(x, 0, x, height);
    }
    g.setColor(Color.WHITE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, "jpg", out)).isTrue();
    return out.toByteArray();
  }
}
