package dev.bayan.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bayan.config.StoreConfig.MilvusConfig;
import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.CreatePartitionRequest;
import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ManualCompactionRequest;
import io.milvus.grpc.PlaceholderGroup;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.UpsertRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole {@link VectorStoreContractTest} against the Milvus store talking to a
 * {@link MilvusProtocolDouble}, plus what the contract cannot see: what goes over the wire.
 */
class MilvusVectorStoreTest extends VectorStoreContractTest {
  private MilvusProtocolDouble milvus;
  private final List<VectorStore> extraStores = new ArrayList<>();

  static MilvusConfig config(String uri, String collection, String indexType, String consistency, long timeoutMs,
                             int retries) {
    return new MilvusConfig(uri, "", "default", collection, indexType, 1024, 16, 16, 200, 128, consistency,
        timeoutMs, retries);
  }

  private MilvusConfig config(String collection, String indexType, String consistency) {
    return config(milvus.uri(), collection, indexType, consistency, 5_000, 3);
  }

  @Override
  protected VectorStore openStore() throws Exception {
    milvus = MilvusProtocolDouble.start();
    return new MilvusVectorStore(config("bayan_posts", "IVF_SQ8", "STRONG"), DIM);
  }

  @Override
  protected VectorStore reopenStore(VectorStore old) {
    old.close();
    return new MilvusVectorStore(config("bayan_posts", "IVF_SQ8", "STRONG"), DIM);
  }

  private MilvusVectorStore open(String collection, String indexType, String consistency) {
    MilvusVectorStore s = new MilvusVectorStore(config(collection, indexType, consistency), DIM);
    extraStores.add(s);
    return s;
  }

  @AfterEach
  void stopDouble() {
    extraStores.forEach(VectorStore::close);
    if (milvus != null) milvus.close();
  }

  private static Map<String, String> params(List<KeyValuePair> pairs) {
    Map<String, String> m = new HashMap<>();
    pairs.forEach(p -> m.put(p.getKey(), p.getValue()));
    return m;
  }

  private List<StoredPost> posts(int n, String space, Random random) {
    List<StoredPost> posts = new ArrayList<>();
    for (int i = 0; i < n; i++) posts.add(post(space + "-" + i, space, unit(random)));
    return posts;
  }

  @Test
  void thirtyTwoQueriesTravelAsOneSearchRequestWithNq32() {
    Random random = new Random(11);
    List<StoredPost> stored = posts(100, "default", random);
    store.upsert(stored);
    milvus.clearCalls();

    List<VectorQuery> queries = new ArrayList<>();
    for (int i = 0; i < 32; i++) queries.add(new VectorQuery(stored.get(i).vector(), List.of("default"), 3));
    List<List<Neighbor>> results = store.search(queries);

    List<SearchRequest> searches = milvus.requests(SearchRequest.class);
    assertThat(searches).hasSize(1);
    assertThat(searches.get(0).getNq()).isEqualTo(32);
    assertThat(placeholderCount(searches.get(0))).isEqualTo(32);
    for (int i = 0; i < 32; i++) {
      assertThat(results.get(i).get(0).postId()).isEqualTo(stored.get(i).postId());
      assertThat(results.get(i).get(0).similarity()).isBetween(0.999f, 1.0001f);
    }
  }

  private static int placeholderCount(SearchRequest request) {
    try {
      return PlaceholderGroup.parseFrom(request.getPlaceholderGroup()).getPlaceholders(0).getValuesCount();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void queriesAreGroupedBySpacesSetOneRequestPerGroup() {
    Random random = new Random(12);
    store.upsert(posts(5, "cats", random));
    store.upsert(posts(5, "dogs", random));
    milvus.clearCalls();

    List<List<Neighbor>> results = store.search(List.of(
        new VectorQuery(unit(random), List.of("cats"), 2),
        new VectorQuery(unit(random), List.of("dogs", "cats"), 7),
        new VectorQuery(unit(random), List.of("cats"), 4),
        new VectorQuery(unit(random), List.of("cats", "dogs"), 1)));

    List<SearchRequest> searches = milvus.requests(SearchRequest.class);
    assertThat(searches).hasSize(2);
    assertThat(searches.get(0).getNq()).isEqualTo(2);
    assertThat(searches.get(0).getPartitionNamesList()).containsExactly("s_cats");
    assertThat(params(searches.get(0).getSearchParamsList())).containsEntry("topk", "4");
    assertThat(searches.get(1).getNq()).isEqualTo(2);
    assertThat(searches.get(1).getPartitionNamesList()).containsExactly("s_cats", "s_dogs");
    assertThat(results).extracting(List::size).containsExactly(2, 7, 4, 1);
  }

  @Test
  void eachSpaceGetsItsOwnPartitionAndSearchNamesOnlyExistingOnes() {
    Random random = new Random(13);
    store.upsert(List.of(post("a", "cats", unit(random)), post("b", "memes-ru", unit(random))));
    store.upsert(List.of(post("c", "cats", unit(random))));

    assertThat(milvus.requests(CreatePartitionRequest.class)).extracting(CreatePartitionRequest::getPartitionName)
        .containsExactly("s_cats", "s_memes_2dru");
    assertThat(milvus.requests(UpsertRequest.class)).extracting(UpsertRequest::getPartitionName)
        .containsExactly("s_cats", "s_memes_2dru", "s_cats");

    milvus.clearCalls();
    store.search(List.of(new VectorQuery(unit(random), List.of("memes-ru", "cats", "never-posted"), 5)));
    assertThat(milvus.requests(SearchRequest.class)).singleElement()
        .satisfies(s -> assertThat(s.getPartitionNamesList()).containsExactly("s_cats", "s_memes_2dru"));
  }

  @Test
  void spacesWithoutPartitionsAnswerEmptyWithoutSearching() {
    milvus.clearCalls();
    List<List<Neighbor>> results = store.search(List.of(new VectorQuery(unit(new Random(14)), List.of("nowhere"), 5)));

    assertThat(results).containsExactly(List.of());
    assertThat(milvus.requests(SearchRequest.class)).isEmpty();
  }

  @Test
  void aSpaceTooLongForAPartitionIsRefusedOnWriteAndEmptyOnSearch() {
    String huge = "x".repeat(254); // fits the space field (256 bytes), not a partition name (255 with the prefix)
    assertThatThrownBy(() -> store.upsert(List.of(post("h", huge, unit(new Random(27))))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    assertThat(store.search(List.of(new VectorQuery(unit(new Random(28)), List.of(huge), 3))).get(0)).isEmpty();
  }

  @Test
  void ivfSq8IndexAndSearchParametersFollowConfiguration() {
    store.upsert(List.of(post("p", "default", unit(new Random(15)))));
    store.search(List.of(new VectorQuery(unit(new Random(16)), List.of("default"), 3)));

    Map<String, Map<String, String>> byField = new HashMap<>();
    milvus.requests(CreateIndexRequest.class).forEach(r -> byField.put(r.getFieldName(), params(r.getExtraParamsList())));
    assertThat(byField.get("vector")).containsEntry("index_type", "IVF_SQ8").containsEntry("metric_type", "IP")
        .containsEntry("nlist", "1024");
    assertThat(byField.get("pdq")).containsEntry("index_type", "BIN_FLAT").containsEntry("metric_type", "HAMMING");
    Map<String, String> search = params(milvus.requests(SearchRequest.class).get(0).getSearchParamsList());
    assertThat(search).containsEntry("metric_type", "IP").containsEntry("nprobe", "16")
        .containsEntry("anns_field", "vector").containsEntry("params", "{\"nprobe\":16}");
  }

  @Test
  void hnswIndexAndSearchParametersFollowConfiguration() {
    MilvusVectorStore hnsw = open("hnsw_posts", "HNSW", "STRONG");
    hnsw.upsert(List.of(post("p", "default", unit(new Random(17)))));
    hnsw.search(List.of(new VectorQuery(unit(new Random(18)), List.of("default"), 3)));

    Map<String, String> vectorIndex = milvus.requests(CreateIndexRequest.class).stream()
        .filter(r -> r.getCollectionName().equals("hnsw_posts") && r.getFieldName().equals("vector"))
        .map(r -> params(r.getExtraParamsList())).findFirst().orElseThrow();
    assertThat(vectorIndex).containsEntry("index_type", "HNSW").containsEntry("metric_type", "IP")
        .containsEntry("M", "16").containsEntry("efConstruction", "200");
    SearchRequest search = milvus.requests(SearchRequest.class).stream()
        .filter(r -> r.getCollectionName().equals("hnsw_posts")).findFirst().orElseThrow();
    assertThat(params(search.getSearchParamsList())).containsEntry("ef", "128").containsEntry("metric_type", "IP")
        .doesNotContainKey("nprobe");
  }

  @Test
  void flatIndexSearchesWithoutParameters() {
    MilvusVectorStore flat = open("flat_posts", "FLAT", "STRONG");
    flat.upsert(List.of(post("p", "default", unit(new Random(19)))));
    flat.search(List.of(new VectorQuery(unit(new Random(20)), List.of("default"), 3)));

    Map<String, String> vectorIndex = milvus.requests(CreateIndexRequest.class).stream()
        .filter(r -> r.getCollectionName().equals("flat_posts") && r.getFieldName().equals("vector"))
        .map(r -> params(r.getExtraParamsList())).findFirst().orElseThrow();
    assertThat(vectorIndex).containsEntry("index_type", "FLAT").containsEntry("metric_type", "IP");
    SearchRequest search = milvus.requests(SearchRequest.class).stream()
        .filter(r -> r.getCollectionName().equals("flat_posts")).findFirst().orElseThrow();
    assertThat(params(search.getSearchParamsList())).containsEntry("params", "{}").doesNotContainKeys("nprobe", "ef");
  }

  @Test
  void configuredConsistencyLevelTravelsWithSearchesAndQueries() {
    MilvusVectorStore session = open("session_posts", "IVF_SQ8", "SESSION");
    float[] v = unit(new Random(21));
    session.upsert(List.of(post("s", "default", v)));
    long writtenAt = milvus.lastTimestamp();
    milvus.clearCalls();

    assertThat(session.search(List.of(new VectorQuery(v, List.of("default"), 1))).get(0))
        .extracting(Neighbor::postId).containsExactly("s");
    assertThat(session.get("s")).isPresent();

    SearchRequest search = milvus.requests(SearchRequest.class).get(0);
    assertThat(search.getConsistencyLevel()).isEqualTo(ConsistencyLevel.Session);
    assertThat(search.getUseDefaultConsistency()).isFalse();
    assertThat(search.getGuaranteeTimestamp()).isEqualTo(writtenAt); // session: sees its own write
    assertThat(milvus.requests(QueryRequest.class)).allSatisfy(q ->
        assertThat(q.getConsistencyLevel()).isEqualTo(ConsistencyLevel.Session));

    MilvusVectorStore bounded = open("bounded_posts", "IVF_SQ8", "BOUNDED");
    bounded.upsert(List.of(post("b", "default", v)));
    milvus.clearCalls();
    bounded.search(List.of(new VectorQuery(v, List.of("default"), 1)));
    assertThat(milvus.requests(SearchRequest.class).get(0).getConsistencyLevel()).isEqualTo(ConsistencyLevel.Bounded);

    milvus.clearCalls();
    store.upsert(List.of(post("strong", "default", v)));
    store.search(List.of(new VectorQuery(v, List.of("default"), 1)));
    SearchRequest strong = milvus.requests(SearchRequest.class).get(0);
    assertThat(strong.getConsistencyLevel()).isEqualTo(ConsistencyLevel.Strong);
    assertThat(strong.getGuaranteeTimestamp()).isZero();
  }

  @Test
  void anExistingCollectionOfAnotherDimensionIsRefusedClearly() {
    MilvusConfig same = config("bayan_posts", "IVF_SQ8", "STRONG");
    assertThatThrownBy(() -> new MilvusVectorStore(same, DIM + 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bayan_posts").hasMessageContaining(DIM + "-d").hasMessageContaining((DIM + 1) + "-d");
  }

  @Test
  void getReturnsThePdqHashAndNoThumbnail() {
    Random random = new Random(22);
    byte[] pdq = new byte[32];
    random.nextBytes(pdq);
    float[] v = unit(random);
    store.upsert(List.of(
        new StoredPost("with", "alice", "default", 42L, "review", v, pdq, new byte[] {1, 2, 3}),
        new StoredPost("without", null, "default", 43L, null, v, null, null)));

    StoredPost with = store.get("with").orElseThrow();
    assertThat(with.pdq()).containsExactly(pdq);
    assertThat(with.thumbnail()).isNull();
    assertThat(with.createdAt()).isEqualTo(42L);
    assertThat(with.decision()).isEqualTo("review");
    assertThat(with.vector()).containsExactly(v);
    StoredPost without = store.get("without").orElseThrow();
    assertThat(without.pdq()).isNull();
    assertThat(without.authorId()).isNull();
    assertThat(without.decision()).isNull();
  }

  @Test
  void forEachPagesThroughEveryPostOnce() {
    Random random = new Random(23);
    List<StoredPost> stored = new ArrayList<>();
    for (int i = 0; i < 2_345; i++) stored.add(post(String.format("post-%05d", i), i % 2 == 0 ? "even" : "odd", unit(random)));
    store.upsert(stored);
    milvus.clearCalls();

    List<String> seen = new ArrayList<>();
    store.forEach(p -> seen.add(p.postId()));

    assertThat(seen).hasSize(2_345);
    assertThat(new HashSet<>(seen)).hasSize(2_345);
    List<QueryRequest> pages = milvus.requests(QueryRequest.class);
    assertThat(pages).hasSize(3);
    assertThat(params(pages.get(0).getQueryParamsList())).containsEntry("limit", "1000").containsEntry("iterator", "True");
    assertThat(pages.get(1).getExprTemplateValuesMap().get("after").getStringVal()).isEqualTo("post-00999");
  }

  @Test
  void deleteLooksFirstAndDeletesByPrimaryKeyAcrossPartitions() {
    store.upsert(List.of(post("gone", "cats", unit(new Random(24)))));
    milvus.clearCalls();

    assertThat(store.delete("never-was")).isFalse();
    assertThat(milvus.requests(DeleteRequest.class)).isEmpty();
    assertThat(store.delete("gone")).isTrue();
    DeleteRequest delete = milvus.requests(DeleteRequest.class).get(0);
    assertThat(delete.getPartitionName()).isEmpty();
    assertThat(delete.getExpr()).isEqualTo("postId in {ids}");
    assertThat(delete.getExprTemplateValuesMap().get("ids").getArrayVal().getStringData().getDataList())
        .containsExactly("gone");
  }

  @Test
  void statsNameSpacesThatNeededEscapingAndCountSegments() {
    Random random = new Random(25);
    store.upsert(List.of(post("r1", "memes-ru", unit(random)), post("r2", "кошки_2", unit(random)),
        post("r3", "кошки_2", unit(random))));

    StoreStats stats = store.stats();
    assertThat(stats.kind()).isEqualTo("milvus");
    assertThat(stats.perSpace()).containsOnly(Map.entry("memes-ru", 1L), Map.entry("кошки_2", 2L));
    assertThat(stats.segments()).isEqualTo(2); // the double reports one segment per non-empty partition
    assertThat(stats.diskBytes()).isEqualTo(-1);
    assertThat(stats.lastCommitMillis()).isPositive();
  }

  @Test
  void compactAsksMilvusToCompactThisCollection() {
    store.compact();
    ManualCompactionRequest request = milvus.requests(ManualCompactionRequest.class).get(0);
    assertThat(request.getCollectionID()).isEqualTo(milvus.collection("bayan_posts").id);
  }

  @Test
  void aBadPostFailsTheWholeBatchBeforeAnythingIsWritten() {
    Random random = new Random(26);
    milvus.clearCalls();
    StoredPost fine = post("fine", "default", unit(random));
    StoredPost tooLong = post("x".repeat(129), "default", unit(random));

    assertThatThrownBy(() -> store.upsert(List.of(fine, tooLong))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("128");
    assertThat(milvus.requests(UpsertRequest.class)).isEmpty();
    assertThat(store.get("fine")).isEmpty();
  }

  @Test
  void readyWhileMilvusAnswers() {
    assertThat(((MilvusVectorStore) store).ready()).isTrue();
    Set<String> methods = new HashSet<>();
    milvus.calls().forEach(c -> methods.add(c.method()));
    assertThat(methods).contains("CheckHealth");
  }
}
