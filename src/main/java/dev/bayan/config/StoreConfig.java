package dev.bayan.config;

/**
 * Where vectors live: {@code embedded} (Lucene HNSW on disk under {@code path}) or {@code milvus}.
 */
public record StoreConfig(String kind, String path, LuceneConfig lucene, MilvusConfig milvus) {
  public StoreConfig {
    Checks.require("embedded".equals(kind) || "milvus".equals(kind), "store.kind must be embedded or milvus");
    Checks.require(path != null && !path.isBlank(), "store.path is required");
  }

  /** HNSW graph parameters of the embedded store. */
  public record LuceneConfig(int hnswM, int hnswBeamWidth, boolean quantized) {
    public LuceneConfig {
      Checks.require(hnswM >= 4 && hnswM <= 512, "store.lucene.hnswM must be 4..512");
      Checks.require(hnswBeamWidth >= 8 && hnswBeamWidth <= 3200, "store.lucene.hnswBeamWidth must be 8..3200");
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
