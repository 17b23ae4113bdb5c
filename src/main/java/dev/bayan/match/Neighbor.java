package dev.bayan.match;

/** One search hit: a stored post and its cosine similarity (dot product of normalised vectors). */
public record Neighbor(String postId, String space, long createdAt, float similarity) {}
