package dev.bayan.match;

import java.util.List;

/** One query of a multi-vector search: the nearest {@code k} posts within {@code spaces}. */
public record VectorQuery(float[] vector, List<String> spaces, int k) {
  public VectorQuery {
    if (spaces == null || spaces.isEmpty()) throw new IllegalArgumentException("at least one space");
    if (k < 1) throw new IllegalArgumentException("k must be positive");
    spaces = List.copyOf(spaces);
  }
}
