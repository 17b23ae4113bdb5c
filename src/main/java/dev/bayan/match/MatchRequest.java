package dev.bayan.match;

/**
 * A post to check against everything seen before.
 *
 * @param dryRun only look: never index, never publish
 */
public record MatchRequest(String postId, String authorId, String space, float[] vector, byte[] pdq,
                           byte[] thumbnail, boolean dryRun) {}
