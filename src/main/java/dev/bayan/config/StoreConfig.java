package dev.bayan.config;

/**
 * Where vectors live: {@code embedded} (Lucene HNSW on disk under {@code path}) or {@code milvus}.
 */
public record StoreConfig(String kind, String path, LuceneConfig lucene, MilvusConfig milvus) {
  public StoreConfig {
    Checks.require("embedded".equals(kind) || "milvus".equals(kind), "store.kind must be embedded or milvus");
    Checks.require(path != null && !path.isBlank(), "store.path is required");
  }

  /**
   * HNSW parameters of the embedded store.
   *
   * @param quantized int8 codes beside the floats for graph search (a quarter of the memory to keep
   *     hot, but slower to build and search than floats at 1M vectors here)
   * @param searchCandidates nodes a search collects before exact re-scoring: at least this many,
   *     and at least twice the k asked for (the graph's efSearch)
   */
  public record LuceneConfig(int hnswM, int hnswBeamWidth, boolean quantized, int searchCandidates) {
    public LuceneConfig {
      Checks.require(hnswM >= 4 && hnswM <= 512, "store.lucene.hnswM must be 4..512");
      Checks.require(hnswBeamWidth >= 8 && hnswBeamWidth <= 3200, "store.lucene.hnswBeamWidth must be 8..3200");
      Checks.require(searchCandidates >= 1 && searchCandidates <= 10_000,
          "store.lucene.searchCandidates must be 1..10000");
    }
  }

  /**
   * The Milvus engine.
   *
   * @param indexType {@code IVF_SQ8}, {@code HNSW} or {@code FLAT}
   * @param consistency {@code STRONG}, {@code BOUNDED}, {@code SESSION} or {@code EVENTUALLY}
   */
  public record MilvusConfig(String uri, String token, String database, String collection, String indexType,
                             int nlist, int nprobe, int hnswM, int efConstruction, int ef,
                             String consistency, long timeoutMs, int retries) {
    public MilvusConfig {
      Checks.require(collection != null && !collection.isBlank(), "store.milvus.collection is required");
      Checks.require(java.util.Set.of("IVF_SQ8", "HNSW", "FLAT").contains(indexType),
          "store.milvus.indexType must be IVF_SQ8, HNSW or FLAT");
      Checks.require(java.util.Set.of("STRONG", "BOUNDED", "SESSION", "EVENTUALLY").contains(consistency),
          "store.milvus.consistency must be STRONG, BOUNDED, SESSION or EVENTUALLY");
      Checks.require(timeoutMs > 0, "store.milvus.timeoutMs must be positive");
      Checks.require(retries >= 0, "store.milvus.retries must be >= 0");
    }
  }
}
