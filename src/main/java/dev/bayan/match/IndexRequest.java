package dev.bayan.match;

import java.util.List;

/** Posts to index without deciding (bank entries, backfill). */
public record IndexRequest(List<StoredPost> posts) {
  public IndexRequest {
    posts = List.copyOf(posts);
  }
}
