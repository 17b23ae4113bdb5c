package dev.bayan.match;

import static dev.bayan.match.MilvusSchema.POST_ID;

import com.google.gson.JsonObject;
import dev.bayan.config.StoreConfig.MilvusConfig;
import dev.bayan.error.StoreUnavailable;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.partition.request.CreatePartitionReq;
import io.milvus.v2.service.partition.request.HasPartitionReq;
import io.milvus.v2.service.partition.request.ListPartitionsReq;
import io.milvus.v2.service.utility.request.CompactReq;
import io.milvus.v2.service.utility.request.GetQuerySegmentInfoReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VectorStore} on Milvus (SDK v2). Layout: {@link MilvusSchema}; one partition per
 * space, named by {@link PartitionNames}; thumbnails are not stored ({@code get} returns a null
 * thumbnail).
 *
 * <p>Coalescing is the point: {@link #search} sends one request per distinct set of spaces, with
 * all of that set's vectors in it (nq = number of queries), normally one request in all.
 *
 * <p>Visibility and durability: {@code upsert} and {@code delete} return once Milvus has
 * acknowledged the mutation, that is once it is in Milvus's write-ahead log (durable; no flush per
 * call, which Milvus rate-limits). Whether a search sees it at once depends on
 * {@code store.milvus.consistency}: {@code STRONG} always; {@code SESSION} for this gateway's own
 * writes; {@code BOUNDED}/{@code EVENTUALLY} after a short lag (set {@code match.visibilityLagMs}).
 * The same level applies to {@code get}, {@code delete}'s existence check and {@code stats}.
 *
 * <p>A post's space does not change: re-upserting a postId under another space may leave the old
 * row in the old partition (Milvus's upsert scopes its delete half to the target partition).
 *
 * <p>Every call has the deadline {@code timeoutMs}, is retried with back-off on UNAVAILABLE
 * ({@code retries}) and fails as {@link StoreUnavailable}; the client reconnects by itself once
 * Milvus is back (see {@link MilvusConnection}).
 */
public final class MilvusVectorStore implements VectorStore {
  private static final Logger LOG = LoggerFactory.getLogger(MilvusVectorStore.class);
  /** Loading a large collection takes a while; the gateway is not ready until it is loaded. */
  private static final long LOAD_TIMEOUT_MS = 120_000;
  /** The readiness probe answers quickly or says "not ready". */
  private static final long PROBE_TIMEOUT_MS = 1_000;
  /** How often a search may re-list partitions to find spaces another gateway created. */
  private static final long PARTITION_REFRESH_MS = 1_000;
  /** Bytes of vectors per upsert request, well under Milvus's default 64 MiB message limit. */
  private static final int UPSERT_REQUEST_BYTES = 8 << 20;
  private static final int FOR_EACH_PAGE = 1_000;

  private final MilvusConfig cfg;
  private final int dimension;
  private final String collection;
  private final ConsistencyLevel consistency;
  private final MilvusConnection milvus;
  private final MilvusConnection probe;
  private final Set<String> partitions = ConcurrentHashMap.newKeySet();
  private volatile long partitionsListedAt;
  private volatile long lastMutationMillis = -1;

  /**
   * Connects, creates the collection (with its indexes) when missing, checks its dimension and
   * loads it. Fails with {@link StoreUnavailable} when Milvus cannot be reached, with
   * {@link IllegalStateException} when the collection exists with another shape.
   */
  public MilvusVectorStore(MilvusConfig cfg, int dimension) {
    if (dimension < 1) throw new IllegalArgumentException("dimension must be positive");
    this.cfg = cfg;
    this.dimension = dimension;
    this.collection = cfg.collection();
    this.consistency = MilvusSchema.consistency(cfg);
    this.milvus = new MilvusConnection(cfg, cfg.timeoutMs(), cfg.retries());
    this.probe = new MilvusConnection(cfg, Math.min(cfg.timeoutMs(), PROBE_TIMEOUT_MS), 0);
    try {
      open();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void open() {
    if (!hasCollection()) createCollection();
    CreateCollectionReq.CollectionSchema existing = milvus.call("describe collection " + collection,
        c -> c.describeCollection(DescribeCollectionReq.builder().collectionName(collection).build()))
        .getCollectionSchema();
    MilvusSchema.requireCompatible(existing, collection, dimension);
    ensureIndex(MilvusSchema.vectorIndex(cfg));
    ensureIndex(MilvusSchema.pdqIndex());
    milvus.run("load collection " + collection, c -> c.loadCollection(LoadCollectionReq.builder()
        .collectionName(collection).sync(true).timeout(LOAD_TIMEOUT_MS).build()));
    refreshPartitions();
    LOG.info("Milvus store ready: {} collection {} ({}-d, {}, consistency {}), {} spaces", milvus.endpoint(),
        collection, dimension, cfg.indexType(), cfg.consistency(),
        partitions.stream().filter(p -> PartitionNames.spaceOf(p).isPresent()).count());
  }

  private boolean hasCollection() {
    return milvus.call("check collection " + collection,
        c -> c.hasCollection(HasCollectionReq.builder().collectionName(collection).build()));
  }

  private void createCollection() {
    try {
      milvus.run("create collection " + collection, c -> c.createCollection(CreateCollectionReq.builder()
          .collectionName(collection).collectionSchema(MilvusSchema.schema(dimension))
          .consistencyLevel(consistency).build()));
      LOG.info("created Milvus collection {} ({}-d)", collection, dimension);
    } catch (StoreUnavailable e) {
      if (!hasCollection()) throw e; // else another gateway created it first
    }
  }

  /** Creates the index when the field has none; an existing index is kept (rebuilding is an operator's call). */
  private void ensureIndex(IndexParam wanted) {
    String field = wanted.getFieldName();
    List<String> existing = milvus.call("list indexes of " + field, c -> c.listIndexes(ListIndexesReq.builder()
        .collectionName(collection).fieldName(field).build()));
    if (existing.isEmpty()) {
      milvus.run("create index on " + field, c -> c.createIndex(CreateIndexReq.builder().collectionName(collection)
          .indexParams(List.of(wanted)).sync(false).build()));
      return;
    }
    IndexParam.IndexType actual = milvus.call("describe index of " + field, c -> c.describeIndex(DescribeIndexReq
        .builder().collectionName(collection).fieldName(field).build())).getIndexDescriptions().get(0).getIndexType();
    if (actual != wanted.getIndexType()) {
      LOG.warn("Milvus collection {} indexes {} with {}, configuration asks for {}: keeping {}"
          + " (drop the index to rebuild)", collection, field, actual, wanted.getIndexType(), actual);
    }
  }

  @Override
  public String kind() {
    return "milvus";
  }

  /** Whether Milvus answers a health check within a second; cheap enough for a readiness probe. */
  public boolean ready() {
    try {
      return probe.call("health check", c -> c.checkHealth().getIsHealthy());
    } catch (StoreUnavailable e) {
      LOG.debug("Milvus not ready: {}", e.getMessage());
      return false;
    }
  }

  @Override
  public List<List<Neighbor>> search(List<VectorQuery> queries) {
    List<List<Neighbor>> results = new ArrayList<>(Collections.nCopies(queries.size(), List.<Neighbor>of()));
    Map<Set<String>, List<Integer>> bySpaces = new LinkedHashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      VectorQuery q = queries.get(i);
      if (q.vector().length != dimension) {
        throw new IllegalArgumentException("query " + i + " has a " + q.vector().length + "-d vector, the store holds "
            + dimension + "-d ones");
      }
      bySpaces.computeIfAbsent(Set.copyOf(q.spaces()), s -> new ArrayList<>()).add(i);
    }
    bySpaces.forEach((spaces, members) -> searchGroup(spaces, members, queries, results));
    return results;
  }

  /** One request for all queries that share a set of spaces. */
  private void searchGroup(Set<String> spaces, List<Integer> members, List<VectorQuery> queries,
                           List<List<Neighbor>> results) {
    List<String> names = existingPartitions(spaces);
    if (names.isEmpty()) return; // nothing was ever stored in these spaces
    List<BaseVector> vectors = new ArrayList<>(members.size());
    int limit = 1;
    for (int i : members) {
      vectors.add(new FloatVec(queries.get(i).vector()));
      limit = Math.max(limit, queries.get(i).k());
    }
    SearchReq request = SearchReq.builder().collectionName(collection).partitionNames(names)
        .annsField(MilvusSchema.VECTOR).metricType(IndexParam.MetricType.IP).data(vectors).limit(limit)
        .searchParams(MilvusSchema.searchParams(cfg)).outputFields(MilvusSchema.HIT_FIELDS)
        .consistencyLevel(consistency).build();
    SearchResp response = milvus.call("search (nq=" + vectors.size() + ")", c -> c.search(request));
    List<List<SearchResp.SearchResult>> hits = response.getSearchResults();
    for (int j = 0; j < members.size(); j++) {
      int k = queries.get(members.get(j)).k();
      results.set(members.get(j), hits.get(j).stream().map(MilvusRows::neighbor)
          .sorted(Comparator.comparingDouble(Neighbor::similarity).reversed()).limit(k).toList());
    }
  }

  /** The partitions of these spaces that exist, re-listing (at most once a second) when some look missing. */
  private List<String> existingPartitions(Set<String> spaces) {
    List<String> wanted = spaces.stream().filter(PartitionNames::fits).map(PartitionNames::of).sorted().toList();
    if (!partitions.containsAll(wanted) && System.currentTimeMillis() - partitionsListedAt >= PARTITION_REFRESH_MS) {
      refreshPartitions();
    }
    return wanted.stream().filter(partitions::contains).toList();
  }

  private void refreshPartitions() {
    List<String> listed = milvus.call("list partitions", c -> c.listPartitions(ListPartitionsReq.builder()
        .collectionName(collection).build()));
    partitions.retainAll(listed);
    partitions.addAll(listed);
    partitionsListedAt = System.currentTimeMillis();
  }

  private void ensurePartition(String name) {
    if (partitions.contains(name)) return;
    if (!hasPartition(name)) {
      try {
        milvus.run("create partition " + name, c -> c.createPartition(CreatePartitionReq.builder()
            .collectionName(collection).partitionName(name).build()));
      } catch (StoreUnavailable e) {
        if (!hasPartition(name)) throw e; // else another gateway created it first
      }
    }
    partitions.add(name);
  }

  private boolean hasPartition(String name) {
    return milvus.call("check partition " + name, c -> c.hasPartition(HasPartitionReq.builder()
        .collectionName(collection).partitionName(name).build()));
  }

  @Override
  public void upsert(List<StoredPost> posts) {
    // Convert everything first: a bad post fails the batch before anything is written.
    Map<String, Map<String, JsonObject>> bySpace = new LinkedHashMap<>();
    for (StoredPost post : posts) {
      bySpace.computeIfAbsent(post.space(), s -> new LinkedHashMap<>())
          .put(post.postId(), MilvusRows.toRow(post, dimension)); // last one wins within a batch
    }
    int rowsPerRequest = Math.max(1, UPSERT_REQUEST_BYTES / (dimension * Float.BYTES + 512));
    bySpace.forEach((space, rows) -> {
      String partition = PartitionNames.of(space);
      ensurePartition(partition);
      List<JsonObject> all = new ArrayList<>(rows.values());
      for (int from = 0; from < all.size(); from += rowsPerRequest) {
        List<JsonObject> chunk = all.subList(from, Math.min(all.size(), from + rowsPerRequest));
        milvus.run("upsert " + chunk.size() + " posts", c -> c.upsert(UpsertReq.builder()
            .collectionName(collection).partitionName(partition).data(chunk).build()));
      }
    });
    if (!posts.isEmpty()) lastMutationMillis = System.currentTimeMillis();
  }

  @Override
  public boolean delete(String postId) {
    if (queryById(postId, List.of(POST_ID)).isEmpty()) return false;
    milvus.run("delete " + postId, c -> c.delete(DeleteReq.builder().collectionName(collection)
        .filter(POST_ID + " in {ids}").filterTemplateValues(Map.of("ids", List.of(postId))).build()));
    lastMutationMillis = System.currentTimeMillis();
    return true;
  }

  @Override
  public Optional<StoredPost> get(String postId) {
    return queryById(postId, MilvusSchema.ALL_FIELDS).stream().findFirst()
        .map(r -> MilvusRows.fromEntity(r.getEntity()));
  }

  private List<QueryResp.QueryResult> queryById(String postId, List<String> fields) {
    return milvus.call("get " + postId, c -> c.query(QueryReq.builder().collectionName(collection)
        .filter(POST_ID + " in {ids}").filterTemplateValues(Map.of("ids", List.of(postId)))
        .outputFields(fields).consistencyLevel(consistency).build())).getQueryResults();
  }

  /**
   * Pages through the collection in primary-key order ({@code postId > last}, as the SDK's query
   * iterator does), one call per page so that each page has its own deadline. Not a snapshot:
   * posts written meanwhile may or may not be visited.
   */
  @Override
  public void forEach(Consumer<StoredPost> visitor) {
    String after = "";
    while (true) {
      String cursor = after;
      List<QueryResp.QueryResult> page = milvus.call("read posts after '" + cursor + "'", c -> c.query(
          QueryReq.builder().collectionName(collection).filter(POST_ID + " > {after}")
              .filterTemplateValues(Map.of("after", cursor)).outputFields(MilvusSchema.ALL_FIELDS)
              .limit(FOR_EACH_PAGE).consistencyLevel(consistency)
              .queryParams(Map.of("iterator", "True", "reduce_stop_for_best", "False")).build()))
          .getQueryResults();
      for (QueryResp.QueryResult row : page) {
        StoredPost post = MilvusRows.fromEntity(row.getEntity());
        if (codePointOrder(post.postId(), after) > 0) after = post.postId();
        visitor.accept(post);
      }
      if (page.size() < FOR_EACH_PAGE) return;
    }
  }

  /** Milvus orders VARCHAR by UTF-8 bytes, which is code-point order (String.compareTo is not). */
  private static int codePointOrder(String a, String b) {
    return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  @Override
  public StoreStats stats() {
    long vectors = count(List.of());
    refreshPartitions();
    Map<String, Long> perSpace = new TreeMap<>();
    for (String partition : partitions.stream().sorted().toList()) {
      PartitionNames.spaceOf(partition).ifPresent(space -> perSpace.put(space, count(List.of(partition))));
    }
    return new StoreStats(kind(), vectors, perSpace, segments(), -1, lastMutationMillis);
  }

  private long count(List<String> partitionNames) {
    List<QueryResp.QueryResult> rows = milvus.call("count posts", c -> c.query(QueryReq.builder()
        .collectionName(collection).partitionNames(partitionNames).filter("").outputFields(List.of("count(*)"))
        .consistencyLevel(consistency).build())).getQueryResults();
    return rows.isEmpty() ? 0 : ((Number) rows.get(0).getEntity().get("count(*)")).longValue();
  }

  /** Loaded segments (growing and sealed), or -1 when Milvus will not say. */
  private int segments() {
    try {
      return milvus.call("segment info", c -> c.getQuerySegmentInfo(GetQuerySegmentInfoReq.builder()
          .collectionName(collection).build())).getSegmentInfos().size();
    } catch (StoreUnavailable e) {
      LOG.debug("no segment info: {}", e.getMessage());
      return -1;
    }
  }

  /** Asks Milvus to merge small segments and purge deleted rows; it runs in the background. */
  @Override
  public void compact() {
    long id = milvus.call("compact", c -> c.compact(CompactReq.builder().collectionName(collection).build()))
        .getCompactionID();
    LOG.info("Milvus compaction {} started on {}", id, collection);
  }

  @Override
  public void close() {
    milvus.close();
    probe.close();
  }
}
