package dev.bayan.config;

/**
 * Decision thresholds on cosine similarity of the CNN embeddings.
 * {@code reject} at {@code >= rejectSimilarity}, {@code review} at {@code >= reviewSimilarity}.
 */
public record PolicyConfig(double rejectSimilarity, double reviewSimilarity) {
  public PolicyConfig {
    Checks.require(rejectSimilarity > 0 && rejectSimilarity <= 1, "policy.rejectSimilarity must be in (0, 1]");
    Checks.require(reviewSimilarity > 0 && reviewSimilarity <= rejectSimilarity,
        "policy.reviewSimilarity must be in (0, rejectSimilarity]");
  }
}
