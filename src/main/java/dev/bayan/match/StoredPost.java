package dev.bayan.match;

/**
 * What the store keeps per post.
 *
 * @param vector L2-normalised embedding
 * @param pdq the 256-bit PDQ hash as 32 bytes, or null when none was computed
 * @param thumbnail a small JPEG, or null when thumbnails are off
 * @param createdAt epoch milliseconds when the post was accepted
 */
public record StoredPost(String postId, String authorId, String space, long createdAt, String decision,
                         float[] vector, byte[] pdq, byte[] thumbnail) {
  public StoredPost {
    if (postId == null || postId.isEmpty()) throw new IllegalArgumentException("postId is required");
    if (space == null || space.isEmpty()) throw new IllegalArgumentException("space is required");
    if (vector == null) throw new IllegalArgumentException("vector is required");
  }
}
