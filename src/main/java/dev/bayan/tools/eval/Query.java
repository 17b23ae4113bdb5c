package dev.bayan.tools.eval;

import java.nio.file.Path;

/**
 * One image sent to the gateway and its answer.
 *
 * @param source the original or negative file the query was made from
 * @param transform the edit applied, or null for a negative sent unmodified
 * @param truth the postId of the indexed original for a copy; null for a negative
 * @param label the edit with its drawn parameters ("crop 17%"), "as-is" when unmodified
 */
record Query(int index, Path source, Transform transform, String truth, String label, Answer answer) {
  /** The row of the per-transform tables: the family name, or "none" for an unmodified negative. */
  String family() {
    return transform == null ? "none" : transform.name();
  }

  boolean isCopy() {
    return truth != null;
  }

  /** The best score the signal gives the true original; null when it was not among the candidates. */
  Double truthScore(Signal signal) {
    if (truth == null) return null;
    Double best = null;
    for (Candidate c : answer.candidates()) {
      Double s = signal.score(c);
      if (c.postId().equals(truth) && s != null && (best == null || s > best)) best = s;
    }
    return best;
  }

  /** The best score the signal gives any post other than the true original; null when none. */
  Double wrongScore(Signal signal) {
    Double best = null;
    for (Candidate c : answer.candidates()) {
      Double s = signal.score(c);
      if (!c.postId().equals(truth) && s != null && (best == null || s > best)) best = s;
    }
    return best;
  }

  /** The candidate behind {@link #wrongScore}. */
  Candidate wrongCandidate(Signal signal) {
    Candidate best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Candidate c : answer.candidates()) {
      Double s = signal.score(c);
      if (!c.postId().equals(truth) && s != null && s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    return best;
  }
}
