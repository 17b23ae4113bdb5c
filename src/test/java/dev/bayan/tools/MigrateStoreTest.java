package dev.bayan.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.StoreConfig.MilvusConfig;
import dev.bayan.match.MilvusProtocolDouble;
import dev.bayan.match.MilvusVectorStore;
import dev.bayan.match.StoredPost;
import io.milvus.grpc.UpsertRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Copies between two Milvus collections served by one protocol double. */
class MigrateStoreTest {
  private static final int DIM = 24;
  private MilvusProtocolDouble milvus;
  private MilvusVectorStore from;
  private MilvusVectorStore to;

  private MilvusConfig config(String collection) {
    return new MilvusConfig(milvus.uri(), "", "default", collection, "FLAT", 1024, 16, 16, 200, 128, "STRONG", 5_000, 3);
  }

  @BeforeEach
  void open() throws Exception {
    milvus = MilvusProtocolDouble.start();
    from = new MilvusVectorStore(config("old_posts"), DIM);
    to = new MilvusVectorStore(config("new_posts"), DIM);
  }

  @AfterEach
  void close() {
    from.close();
    to.close();
    milvus.close();
  }

  @Test
  void copiesEveryPostInBatchesAndDrawsProgress() {
    Random random = new Random(3);
    List<StoredPost> posts = new ArrayList<>();
    for (int i = 0; i < 1_234; i++) {
      float[] v = new float[DIM];
      for (int d = 0; d < DIM; d++) v[d] = (float) random.nextGaussian();
      byte[] pdq = new byte[32];
      random.nextBytes(pdq);
      posts.add(new StoredPost("p" + i, "author" + i, i % 3 == 0 ? "cats" : "dogs", 1_700_000_000_000L + i, "accept", v,
          i % 2 == 0 ? pdq : null, null));
    }
    from.upsert(posts);
    milvus.clearCalls();
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    long copied = MigrateStore.copy(from, to, 500, new PrintStream(terminal, true, StandardCharsets.UTF_8));

    assertThat(copied).isEqualTo(1_234);
    assertThat(to.stats().vectors()).isEqualTo(1_234);
    assertThat(to.stats().perSpace()).containsEntry("cats", 412L).containsEntry("dogs", 822L);
    for (int i : new int[] {0, 1, 617, 1_233}) {
      StoredPost original = posts.get(i);
      StoredPost copy = to.get(original.postId()).orElseThrow();
      assertThat(copy.vector()).containsExactly(original.vector());
      assertThat(copy.space()).isEqualTo(original.space());
      assertThat(copy.authorId()).isEqualTo(original.authorId());
      assertThat(copy.createdAt()).isEqualTo(original.createdAt());
      if (original.pdq() == null) assertThat(copy.pdq()).isNull();
      else assertThat(copy.pdq()).containsExactly(original.pdq());
    }
    List<UpsertRequest> written = milvus.requests(UpsertRequest.class);
    assertThat(written).allSatisfy(r -> assertThat(r.getCollectionName()).isEqualTo("new_posts"));
    assertThat(written).allSatisfy(r -> assertThat(r.getNumRows()).isLessThanOrEqualTo(500));
    assertThat(written.stream().mapToInt(UpsertRequest::getNumRows).sum()).isEqualTo(1_234);
    String drawn = terminal.toString(StandardCharsets.UTF_8);
    assertThat(drawn).startsWith("\r[").contains("\r[############------------------]  41%  500/1234 posts")
        .contains("\r[########################------]  81%  1000/1234 posts").contains("100%  1234/1234 posts").endsWith("\n");
  }

  @Test
  void anEmptySourceCopiesNothing() {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    assertThat(MigrateStore.copy(from, to, 500, new PrintStream(terminal, true, StandardCharsets.UTF_8))).isZero();
    assertThat(to.stats().vectors()).isZero();
    assertThat(milvus.requests(UpsertRequest.class)).isEmpty();
  }
}
