package dev.bayan.match;

import java.util.List;

/**
 * A post to check against everything seen before.
 *
 * @param pdq the post's PDQ hash (32 bytes), or null when it has no usable one
 * @param pdqVariants the hashes of its 8 rotations/flips, searched against the index; may be empty
 * @param dryRun only look: never index, never publish
 */
public record MatchRequest(String postId, String authorId, String space, float[] vector, byte[] pdq,
                           List<byte[]> pdqVariants, byte[] thumbnail, boolean dryRun) {
  public MatchRequest {
    pdqVariants = pdqVariants == null ? List.of() : List.copyOf(pdqVariants);
  }
}
