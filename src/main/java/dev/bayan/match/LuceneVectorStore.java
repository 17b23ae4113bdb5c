package dev.bayan.match;

import dev.bayan.config.StoreConfig;
import dev.bayan.embed.Vectors;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** TEMPORARY in-memory stand-in until feat/lucene lands. */
public final class LuceneVectorStore implements VectorStore {
  private final Map<String, StoredPost> posts = new ConcurrentHashMap<>();
  public LuceneVectorStore(Path dir, int dimension, StoreConfig.LuceneConfig cfg) {}
  public String kind() { return "embedded"; }
  public List<List<Neighbor>> search(List<VectorQuery> queries) {
    List<List<Neighbor>> out = new ArrayList<>();
    for (VectorQuery q : queries) {
      List<Neighbor> hits = new ArrayList<>();
      for (StoredPost p : posts.values()) if (q.spaces().contains(p.space()))
        hits.add(new Neighbor(p.postId(), p.space(), p.createdAt(), Vectors.dot(q.vector(), p.vector())));
      hits.sort(Comparator.comparingDouble(Neighbor::similarity).reversed());
      out.add(hits.subList(0, Math.min(q.k(), hits.size())));
    }
    return out;
  }
  public void upsert(List<StoredPost> list) { list.forEach(p -> posts.put(p.postId(), p)); }
  public boolean delete(String id) { return posts.remove(id) != null; }
  public Optional<StoredPost> get(String id) { return Optional.ofNullable(posts.get(id)); }
  public void forEach(Consumer<StoredPost> v) { posts.values().forEach(v); }
  public StoreStats stats() { return new StoreStats("embedded", posts.size(), Map.of(), 0, 0, 0); }
  public void compact() {}
  public void close() {}
}
