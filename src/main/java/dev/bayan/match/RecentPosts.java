package dev.bayan.match;

import dev.bayan.embed.Vectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts accepted a moment ago that the store may not show yet (not committed, or inside the
 * store's visibility lag), and posts deleted a moment ago that the store may still show. Searched
 * by brute force next to every store search, so an immediate repost is always caught. Owned by
 * the match verticle's context: no locks.
 */
final class RecentPosts {
  private static final long NOT_YET = Long.MAX_VALUE;

  private final Map<String, StoredPost> posts = new LinkedHashMap<>();
  private final Map<String, Long> visibleAt = new HashMap<>();
  private final Map<String, Long> deletedUntil = new HashMap<>();
  private final long lagMillis;

  RecentPosts(long lagMillis) {
    this.lagMillis = lagMillis;
  }

  void add(StoredPost post) {
    posts.put(post.postId(), post);
    visibleAt.put(post.postId(), NOT_YET);
    deletedUntil.remove(post.postId());
  }

  /** The store acknowledged these: keep them only for the store's visibility lag. */
  void committed(List<StoredPost> committed, long now) {
    for (StoredPost p : committed) visibleAt.computeIfPresent(p.postId(), (id, t) -> now + lagMillis);
  }

  void failed(List<StoredPost> lost) {
    for (StoredPost p : lost) {
      posts.remove(p.postId());
      visibleAt.remove(p.postId());
    }
  }

  void deleted(String postId, long now) {
    posts.remove(postId);
    visibleAt.remove(postId);
    deletedUntil.put(postId, now + Math.max(lagMillis, 1));
  }

  boolean isDeleted(String postId) {
    return deletedUntil.containsKey(postId);
  }

  boolean contains(String postId) {
    return posts.containsKey(postId);
  }

  /** Drops entries the store shows by now. */
  void expire(long now) {
    for (Iterator<Map.Entry<String, Long>> it = visibleAt.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      if (e.getValue() <= now) {
        posts.remove(e.getKey());
        it.remove();
      }
    }
    deletedUntil.values().removeIf(until -> until <= now);
  }

  /** Recent posts in {@code space} with their cosine similarity to {@code vector}. */
  List<Neighbor> search(float[] vector, String space) {
    List<Neighbor> hits = new ArrayList<>();
    for (StoredPost p : posts.values()) {
      if (p.space().equals(space)) {
        hits.add(new Neighbor(p.postId(), p.space(), p.createdAt(), Vectors.dot(vector, p.vector())));
      }
    }
    return hits;
  }

  int size() {
    return posts.size();
  }
}
