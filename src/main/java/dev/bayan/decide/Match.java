package dev.bayan.decide;

/**
 * Evidence that a post resembles an earlier one.
 *
 * @param signal which signal saw it: {@code cnn} (cosine of embeddings)
 * @param createdAt when the earlier post was accepted (epoch ms); the earliest is the original
 */
public record Match(String postId, String space, double similarity, String signal, long createdAt) {}
