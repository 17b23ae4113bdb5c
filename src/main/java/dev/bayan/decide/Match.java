package dev.bayan.decide;

/**
 * Evidence that a post resembles an earlier one, by each signal that saw it.
 *
 * @param similarity CNN cosine similarity, or NaN when the CNN search did not return this post
 * @param pdqDistance PDQ Hamming distance (best of the 8 rotations/flips), or -1 when unknown
 * @param signal which signals crossed a threshold: {@code cnn}, {@code pdq} or {@code cnn+pdq}
 *     (for a match below every threshold: the signal that saw it)
 * @param createdAt when the earlier post was accepted (epoch ms); the earliest is the original
 */
public record Match(String postId, String space, double similarity, int pdqDistance, String signal,
                    long createdAt) {
  /** Spaces of known-bad image banks are {@code bank:<name>}: user spaces cannot contain ':'. */
  public static final String BANK_PREFIX = "bank:";

  public Match(String postId, String space, double similarity, String signal, long createdAt) {
    this(postId, space, similarity, -1, signal, createdAt);
  }

  public boolean hasCnn() {
    return !Double.isNaN(similarity);
  }

  public boolean hasPdq() {
    return pdqDistance >= 0;
  }

  /** The bank's name when this match is a bank entry, else null. */
  public String bank() {
    return space.startsWith(BANK_PREFIX) ? space.substring(BANK_PREFIX.length()) : null;
  }

  public Match withSignal(String newSignal) {
    return new Match(postId, space, similarity, pdqDistance, newSignal, createdAt);
  }
}
