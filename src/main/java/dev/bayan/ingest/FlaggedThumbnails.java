package dev.bayan.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thumbnails of recently flagged posts. The store only holds accepted posts, yet a moderator
 * looking at a flagged one must see it beside its original: {@code /v1/posts/{id}/thumbnail}
 * falls back to this. Bounded (least recently used out), in memory, per gateway instance; shared
 * by the HTTP verticle instances, hence synchronized.
 */
public final class FlaggedThumbnails {
  private final Map<String, byte[]> thumbnails;

  public FlaggedThumbnails(int capacity) {
    this.thumbnails = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
        return size() > capacity;
      }
    };
  }

  public synchronized void put(String postId, byte[] jpeg) {
    thumbnails.put(postId, jpeg);
  }

  /** The thumbnail, or null when this post was not flagged lately (or had none). */
  public synchronized byte[] get(String postId) {
    return thumbnails.get(postId);
  }
}
