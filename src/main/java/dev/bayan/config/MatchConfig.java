package dev.bayan.config;

/**
 * The coalescer: concurrent queries become one multi-vector search.
 *
 * @param candidates neighbours asked of the store per query (HNSW explores about k, so ask ~100)
 * @param visibilityLagMs how long an inserted post stays in the pending buffer after the store
 *     acknowledged it (0 for the embedded store, which refreshes before acknowledging; Milvus's
 *     staleness window otherwise)
 */
public record MatchConfig(int maxBatch, long maxWaitMs, int maxQueue, int candidates, int maxMatches,
                          long visibilityLagMs) {
  public MatchConfig {
    Checks.require(maxBatch >= 1 && maxBatch <= 4096, "match.maxBatch must be 1..4096");
    Checks.require(maxWaitMs >= 0, "match.maxWaitMs must be >= 0");
    Checks.require(maxQueue >= maxBatch, "match.maxQueue must be >= match.maxBatch");
    Checks.require(candidates >= 1 && candidates <= 1000, "match.candidates must be 1..1000");
    Checks.require(maxMatches >= 1 && maxMatches <= candidates, "match.maxMatches must be 1..candidates");
    Checks.require(visibilityLagMs >= 0, "match.visibilityLagMs must be >= 0");
  }
}
