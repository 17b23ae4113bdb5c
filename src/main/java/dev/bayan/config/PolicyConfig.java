package dev.bayan.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Decision thresholds on cosine similarity of the CNN embeddings.
 * {@code reject} at {@code >= rejectSimilarity}, {@code review} at {@code >= reviewSimilarity}.
 *
 * @param spaces per-space overrides (a community that tolerates reposts more, or less); spaces
 *     not listed use the global thresholds
 */
public record PolicyConfig(double rejectSimilarity, double reviewSimilarity, Map<String, Thresholds> spaces) {
  private static final Pattern SPACE = Pattern.compile("[a-z0-9_-]{1,64}");

  public PolicyConfig {
    requireValid("policy.", rejectSimilarity, reviewSimilarity);
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

  /** The thresholds that apply in {@code space}. */
  public Thresholds thresholds(String space) {
    Thresholds own = space == null ? null : spaces.get(space);
    return own != null ? own : new Thresholds(rejectSimilarity, reviewSimilarity);
  }

  /** One pair of thresholds: the global one or a space's override. */
  public record Thresholds(double rejectSimilarity, double reviewSimilarity) {
    public Thresholds {
      requireValid("", rejectSimilarity, reviewSimilarity);
    }
  }

  private static void requireValid(String prefix, double reject, double review) {
    Checks.require(reject > 0 && reject <= 1, prefix + "rejectSimilarity must be in (0, 1]");
    Checks.require(review > 0 && review <= reject, prefix + "reviewSimilarity must be in (0, rejectSimilarity]");
  }
}
