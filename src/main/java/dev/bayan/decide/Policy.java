package dev.bayan.decide;

import dev.bayan.config.PolicyConfig;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns evidence into accept / review / reject. Pure and cheap: it runs on the match verticle's
 * context. Thresholds can be swapped at run time ({@link #update}).
 */
public final class Policy {
  private final AtomicReference<PolicyConfig> config;

  public Policy(PolicyConfig initial) {
    this.config = new AtomicReference<>(initial);
  }

  public PolicyConfig current() {
    return config.get();
  }

  public void update(PolicyConfig next) {
    config.set(next);
  }

  /** Decides with the thresholds of {@code space}; {@code matches} must be sorted best first. */
  public Decision decide(String space, List<Match> matches, int maxMatches) {
    PolicyConfig.Thresholds cfg = config.get().thresholds(space);
    List<Match> top = matches.stream().limit(maxMatches).toList();
    List<Match> flagged = matches.stream().filter(m -> m.similarity() >= cfg.reviewSimilarity()).toList();
    if (flagged.isEmpty()) {
      String reason = top.isEmpty() ? "no similar post"
          : String.format(Locale.ROOT, "closest post %s at cnn %.3f is below review %.2f",
              top.get(0).postId(), top.get(0).similarity(), cfg.reviewSimilarity());
      return new Decision(Outcome.ACCEPT, reason, null, top);
    }
    Match best = flagged.get(0);
    Outcome outcome = best.similarity() >= cfg.rejectSimilarity() ? Outcome.REJECT : Outcome.REVIEW;
    double bar = outcome == Outcome.REJECT ? cfg.rejectSimilarity() : cfg.reviewSimilarity();
    // The original is the earliest post that is itself a strong enough match.
    Match original = flagged.stream().filter(m -> m.similarity() >= bar)
        .min(Comparator.comparingLong(Match::createdAt)).orElse(best);
    String reason = String.format(Locale.ROOT, "%s of %s: cnn similarity %.3f >= %s %.2f",
        outcome == Outcome.REJECT ? "repost" : "possible repost", original.postId(), original.similarity(),
        outcome.label(), bar);
    return new Decision(outcome, reason, original, top);
  }
}
