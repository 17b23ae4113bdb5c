package dev.bayan.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bayan.error.StoreUnavailable;
import io.grpc.Status;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the Milvus store behaves when Milvus misbehaves: retries on UNAVAILABLE, a clear
 * {@link StoreUnavailable} instead of a hang, and recovery without a new store object. The
 * {@code @Timeout}s guard against hangs; they are not speed measurements.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MilvusResilienceTest {
  private static final int DIM = 16;
  private static final long TIMEOUT_MS = 3_000; // roomy: the first gRPC connection of a cold JVM on a busy machine is slow
  private MilvusProtocolDouble milvus;
  private MilvusVectorStore store;
  private final Random random = new Random(7);

  @BeforeEach
  void open() throws Exception {
    milvus = MilvusProtocolDouble.start();
    store = new MilvusVectorStore(MilvusVectorStoreTest.config(milvus.uri(), "posts", "FLAT", "STRONG", TIMEOUT_MS, 3), DIM);
    store.upsert(List.of(post("kept")));
  }

  @AfterEach
  void close() {
    store.close();
    milvus.close();
  }

  private float[] vector() {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) v[i] = (float) random.nextGaussian();
    return v;
  }

  private StoredPost post(String id) {
    return new StoredPost(id, "a", "default", 1L, "accept", vector(), null, null);
  }

  private List<List<Neighbor>> search() {
    return store.search(List.of(new VectorQuery(vector(), List.of("default"), 5)));
  }

  @Test
  void unavailableAnswersAreRetriedUntilOneSucceeds() {
    milvus.failNext("Search", 2, Status.Code.UNAVAILABLE);

    assertThat(search().get(0)).extracting(Neighbor::postId).containsExactly("kept");
    assertThat(milvus.callCount("Search")).isEqualTo(3);
  }

  @Test
  void retriesStopAtTheConfiguredCountWithStoreUnavailable() {
    milvus.failNext("Search", 10, Status.Code.UNAVAILABLE);

    assertThatThrownBy(this::search).isInstanceOf(StoreUnavailable.class)
        .satisfies(e -> assertThat(((StoreUnavailable) e).code()).isEqualTo("store_unavailable"))
        .hasMessageContaining("127.0.0.1:" + milvus.port()).hasMessageContaining("unavailable after 4 attempt(s)");
    assertThat(milvus.callCount("Search")).isEqualTo(4); // the first try and 3 retries
  }

  @Test
  void errorsThatRetryingCannotFixAreNotRetried() {
    milvus.failNext("Upsert", 5, Status.Code.INVALID_ARGUMENT);

    assertThatThrownBy(() -> store.upsert(List.of(post("x")))).isInstanceOf(StoreUnavailable.class)
        .hasMessageContaining("rejected");
    assertThat(milvus.callCount("Upsert")).isEqualTo(2); // the set-up's upsert and this one, once
  }

  @Test
  void aServerThatNeverAnswersFailsAtTheDeadlineAndTheNextCallReconnects() {
    milvus.stallNext("Search", 1);

    assertThatThrownBy(this::search).isInstanceOf(StoreUnavailable.class)
        .hasMessageContaining("no answer within " + TIMEOUT_MS + " ms");
    long connectsBefore = milvus.callCount("Connect");
    assertThat(search().get(0)).extracting(Neighbor::postId).containsExactly("kept");
    assertThat(milvus.callCount("Connect")).isEqualTo(connectsBefore + 1);
  }

  @Test
  void aStoppedServerMeansStoreUnavailableAndNotReady() throws Exception {
    milvus.stop();

    assertThatThrownBy(this::search).isInstanceOf(StoreUnavailable.class)
        .hasMessageContaining("127.0.0.1:" + milvus.port());
    assertThatThrownBy(() -> store.upsert(List.of(post("lost")))).isInstanceOf(StoreUnavailable.class);
    assertThat(store.ready()).isFalse();
  }

  @Test
  void theSameStoreWorksAgainOnceTheServerIsBack() throws Exception {
    milvus.stop();
    assertThatThrownBy(this::search).isInstanceOf(StoreUnavailable.class);
    assertThat(store.ready()).isFalse();

    milvus.restart();

    assertThat(store.ready()).isTrue();
    store.upsert(List.of(post("after")));
    assertThat(search().get(0)).extracting(Neighbor::postId).containsExactlyInAnyOrder("kept", "after");
    assertThat(store.get("after")).isPresent();
  }

  @Test
  void openingAgainstNothingFailsWithStoreUnavailable() throws Exception {
    milvus.stop();

    assertThatThrownBy(() -> new MilvusVectorStore(
        MilvusVectorStoreTest.config(milvus.uri(), "other", "FLAT", "STRONG", TIMEOUT_MS, 1), DIM))
        .isInstanceOf(StoreUnavailable.class).hasMessageContaining("127.0.0.1:" + milvus.port());
  }
}
