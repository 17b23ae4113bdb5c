package dev.bayan.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Decision thresholds per signal. CNN: {@code reject} at cosine {@code >= rejectSimilarity},
 * {@code review} at {@code >= reviewSimilarity}. PDQ: {@code reject} at Hamming distance
 * {@code <= pdqRejectDistance}, {@code review} at {@code <= pdqReviewDistance} (over the best of the
 * 8 rotations/flips).
 * Either strong signal rejects; a weak one sends the post to review.
 *
 * @param spaces per-space overrides of the CNN thresholds (a community that tolerates reposts
 *     more, or less); spaces not listed use the global thresholds
 */
public record PolicyConfig(double rejectSimilarity, double reviewSimilarity, Map<String, Thresholds> spaces,
                           Integer pdqRejectDistance, Integer pdqReviewDistance) {
  public static final int DEFAULT_PDQ_REJECT = 31;
  public static final int DEFAULT_PDQ_REVIEW = 44;
  private static final Pattern SPACE = Pattern.compile("[a-z0-9_-]{1,64}");

  public PolicyConfig {
    requireValid("policy.", rejectSimilarity, reviewSimilarity);
    pdqRejectDistance = pdqRejectDistance == null ? DEFAULT_PDQ_REJECT : pdqRejectDistance;
    pdqReviewDistance = pdqReviewDistance == null ? DEFAULT_PDQ_REVIEW : pdqReviewDistance;
    requireValidPdq("policy.", pdqRejectDistance, pdqReviewDistance);
    // sorted and read-only: stable JSON and file output
    spaces = Collections.unmodifiableSortedMap(spaces == null ? new TreeMap<>() : new TreeMap<>(spaces));
    for (Map.Entry<String, Thresholds> e : spaces.entrySet()) {
      Checks.require(SPACE.matcher(e.getKey()).matches(), "policy.spaces: space names are 1-64 of a-z 0-9 _ -");
      Checks.require(e.getValue() != null, "policy.spaces." + e.getKey() + " needs both thresholds");
    }
  }

  public PolicyConfig(double rejectSimilarity, double reviewSimilarity) {
    this(rejectSimilarity, reviewSimilarity, Map.of());
  }

  public PolicyConfig(double rejectSimilarity, double reviewSimilarity, Map<String, Thresholds> spaces) {
    this(rejectSimilarity, reviewSimilarity, spaces, null, null);
  }

  /** The thresholds that apply in {@code space}: its override, PDQ distances it leaves out from the global ones. */
  public Thresholds thresholds(String space) {
    Thresholds own = space == null ? null : spaces.get(space);
    if (own == null) return new Thresholds(rejectSimilarity, reviewSimilarity, pdqRejectDistance, pdqReviewDistance);
    return own.pdqRejectDistance() != null ? own
        : new Thresholds(own.rejectSimilarity(), own.reviewSimilarity(), pdqRejectDistance, pdqReviewDistance);
  }

  /**
   * The thresholds of one space (or the global ones). A PDQ distance of -1 switches that signal off
   * in the space; both PDQ distances may be left out together to inherit the global ones.
   */
  public record Thresholds(double rejectSimilarity, double reviewSimilarity, Integer pdqRejectDistance,
                           Integer pdqReviewDistance) {
    public Thresholds {
      requireValid("", rejectSimilarity, reviewSimilarity);
      Checks.require((pdqRejectDistance == null) == (pdqReviewDistance == null),
          "pdqRejectDistance and pdqReviewDistance go together");
      if (pdqRejectDistance != null) requireValidPdq("", pdqRejectDistance, pdqReviewDistance);
    }

    public Thresholds(double rejectSimilarity, double reviewSimilarity) {
      this(rejectSimilarity, reviewSimilarity, null, null);
    }
  }

  private static void requireValidPdq(String prefix, int reject, int review) {
    Checks.require(reject >= -1 && reject <= 128, prefix + "pdqRejectDistance must be -1 (off) or 0..128");
    Checks.require(review >= reject && review <= 128, prefix + "pdqReviewDistance must be in [pdqRejectDistance, 128]");
  }

  private static void requireValid(String prefix, double reject, double review) {
    Checks.require(reject > 0 && reject <= 1, prefix + "rejectSimilarity must be in (0, 1]");
    Checks.require(review > 0 && review <= reject, prefix + "reviewSimilarity must be in (0, rejectSimilarity]");
  }
}
