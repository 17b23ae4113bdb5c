package dev.bayan.match;

import java.util.List;
import java.util.Optional;

/**
 * The one seam between matching and storage. Every method blocks: callers run them on worker
 * threads (the match verticle does), never on an event loop.
 */
public interface VectorStore extends AutoCloseable {

  /** The store kind for stats and metrics tags: {@code embedded} or {@code milvus}. */
  String kind();

  /**
   * Searches all queries in one request (coalescing is the point). Result {@code i} holds the
   * neighbours of query {@code i}, best first, at most {@code k} of them.
   */
  List<List<Neighbor>> search(List<VectorQuery> queries);

  /**
   * Adds or replaces posts (by postId) and makes them durable and searchable before returning.
   * A store that cannot make them searchable at once documents its lag (see match.visibilityLagMs).
   */
  void upsert(List<StoredPost> posts);

  /** Removes a post; returns whether it existed. Gone from search when this returns. */
  boolean delete(String postId);

  Optional<StoredPost> get(String postId);

  /** Every stored post, in no particular order (migration and rebuilding in-memory indexes). */
  void forEach(java.util.function.Consumer<StoredPost> visitor);

  StoreStats stats();

  /** A cheap health probe (blocking, short): can the store serve right now? */
  default boolean ready() {
    return true;
  }

  /** Merges segments (Lucene force-merge, Milvus compaction). */
  void compact();

  @Override
  void close();
}
