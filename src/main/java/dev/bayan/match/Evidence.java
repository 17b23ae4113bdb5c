package dev.bayan.match;

import dev.bayan.decide.Feedback;
import dev.bayan.decide.Match;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Gathers what both signals say about one query into one {@link Match} per earlier post: the CNN
 * cosine from the store and the recent buffer, and the PDQ distance from the in-memory Hamming
 * index (best of the query's 8 rotations/flips). Drops the post itself, deleted posts and pairs a
 * moderator dismissed.
 */
final class Evidence {
  /** Posts known only from their PDQ hash have no known age: they are never preferred as the original. */
  static final long UNKNOWN_TIME = Long.MAX_VALUE;
  private static final int PDQ_LIMIT = 50;

  private final PdqIndex pdq;
  private final Feedback feedback;

  Evidence(PdqIndex pdq, Feedback feedback) {
    this.pdq = pdq;
    this.feedback = feedback;
  }

  List<Match> collect(MatchRequest req, Collection<String> spaces, List<Neighbor> stored, List<Neighbor> fresh,
                      Predicate<String> deleted, int pdqRadius) {
    Map<String, Neighbor> cnn = new LinkedHashMap<>();
    for (Neighbor nb : fresh) cnn.putIfAbsent(nb.postId(), nb);
    for (Neighbor nb : stored) if (!deleted.test(nb.postId())) cnn.putIfAbsent(nb.postId(), nb);
    Map<String, HashMatch> hashes = new HashMap<>();
    for (byte[] variant : req.pdqVariants()) {
      for (HashMatch h : pdq.search(variant, spaces, pdqRadius, PDQ_LIMIT)) {
        hashes.merge(h.id(), h, (a, b) -> a.distance() <= b.distance() ? a : b);
      }
    }
    List<Match> matches = new ArrayList<>(cnn.size() + hashes.size());
    for (Neighbor nb : cnn.values()) {
      HashMatch h = hashes.remove(nb.postId());
      matches.add(new Match(nb.postId(), nb.space(), nb.similarity(), h == null ? -1 : h.distance(), "cnn",
          nb.createdAt()));
    }
    for (HashMatch h : hashes.values()) {
      if (!deleted.test(h.id())) {
        matches.add(new Match(h.id(), h.space(), Double.NaN, h.distance(), "pdq", UNKNOWN_TIME));
      }
    }
    matches.removeIf(m -> m.postId().equals(req.postId()) || feedback.dismissed(req.postId(), m.postId()));
    return matches;
  }
}
