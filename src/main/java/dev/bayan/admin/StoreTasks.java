package dev.bayan.admin;

import dev.bayan.match.StoreStats;
import dev.bayan.match.StoredPost;
import dev.bayan.match.VectorStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The store's blocking operations that admin work needs, run on their own small worker pool so
 * that a long compaction never holds up the match stage's searches and commits.
 */
public final class StoreTasks implements AutoCloseable {
  private final VectorStore store;
  private final WorkerExecutor workers;

  public StoreTasks(Vertx vertx, VectorStore store) {
    this.store = store;
    // a force-merge of a large index legitimately takes minutes: no blocked-thread warnings for it
    this.workers = vertx.createSharedWorkerExecutor("bayan-admin-store", 2, 1, TimeUnit.HOURS);
  }

  public String kind() {
    return store.kind();
  }

  public Future<StoreStats> stats() {
    return workers.executeBlocking(store::stats, false);
  }

  /** Merges segments, then answers the stats after the merge. */
  public Future<StoreStats> compact() {
    return workers.executeBlocking(() -> {
      store.compact();
      return store.stats();
    }, false);
  }

  /** Indexes posts directly, without deciding (backfill). */
  public Future<Void> upsert(List<StoredPost> posts) {
    return workers.executeBlocking(() -> {
      store.upsert(posts);
      return null;
    }, false);
  }

  @Override
  public void close() {
    workers.close();
  }
}
