package dev.bayan.decide;

import dev.bayan.config.PolicyConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns evidence into accept / review / reject. Pure and cheap: it runs on the match verticle's
 * context. Thresholds can be swapped at run time ({@link #update}).
 *
 * <p>Each match is graded per signal: CNN cosine against the space's similarity thresholds, PDQ
 * distance against the distance thresholds. Either strong signal rejects, a weak one reviews. A
 * bank entry that reaches review rejects, whatever the age of the post. The original is the
 * earliest post at the decided level (a bank entry first).
 */
public final class Policy {
  private static final Comparator<Graded> STRONGEST = Comparator.comparing((Graded g) -> g.outcome)
      .reversed().thenComparing(g -> g.match.hasCnn() ? -g.match.similarity() : 2.0)
      .thenComparingInt(g -> g.match.hasPdq() ? g.match.pdqDistance() : 1000);

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

  /** A match with the outcome it alone would cause and the reason in words. */
  private record Graded(Match match, Outcome outcome, String why) {}

  public Decision decide(String space, List<Match> matches, int maxMatches) {
    PolicyConfig.Thresholds t = config.get().thresholds(space);
    List<Graded> graded = new ArrayList<>(matches.size());
    for (Match m : matches) graded.add(grade(m, t));
    graded.sort(STRONGEST);
    List<Match> top = graded.stream().limit(maxMatches).map(Graded::match).toList();
    Outcome outcome = graded.isEmpty() ? Outcome.ACCEPT : graded.get(0).outcome();
    if (outcome == Outcome.ACCEPT) {
      String reason = top.isEmpty() ? "no similar post" : String.format(Locale.ROOT,
          "closest post %s (%s) is below review (cnn %.2f, pdq %d)", top.get(0).postId(), evidence(top.get(0)),
          t.reviewSimilarity(), t.pdqReviewDistance());
      return new Decision(Outcome.ACCEPT, reason, null, top);
    }
    Graded original = graded.stream().filter(g -> g.outcome() == outcome)
        .min(Comparator.comparing((Graded g) -> g.match().bank() == null)
            .thenComparingLong(g -> g.match().createdAt())).orElseThrow();
    String what = original.match().bank() != null ? "known-bad image from bank " + original.match().bank()
        : (outcome == Outcome.REJECT ? "repost of " : "possible repost of ") + original.match().postId();
    return new Decision(outcome, what + ": " + original.why(), original.match(), top);
  }

  private static Graded grade(Match m, PolicyConfig.Thresholds t) {
    Outcome byCnn = !m.hasCnn() ? Outcome.ACCEPT : m.similarity() >= t.rejectSimilarity() ? Outcome.REJECT
        : m.similarity() >= t.reviewSimilarity() ? Outcome.REVIEW : Outcome.ACCEPT;
    Outcome byPdq = !m.hasPdq() ? Outcome.ACCEPT : m.pdqDistance() <= t.pdqRejectDistance() ? Outcome.REJECT
        : m.pdqDistance() <= t.pdqReviewDistance() ? Outcome.REVIEW : Outcome.ACCEPT;
    Outcome outcome = byCnn.compareTo(byPdq) >= 0 ? byCnn : byPdq;
    if (m.bank() != null && outcome != Outcome.ACCEPT) outcome = Outcome.REJECT;
    List<String> signals = new ArrayList<>();
    List<String> why = new ArrayList<>();
    if (byCnn != Outcome.ACCEPT) {
      signals.add("cnn");
      double bar = byCnn == Outcome.REJECT ? t.rejectSimilarity() : t.reviewSimilarity();
      why.add(String.format(Locale.ROOT, "cnn similarity %.3f >= %s %.2f", m.similarity(), byCnn.label(), bar));
    }
    if (byPdq != Outcome.ACCEPT) {
      signals.add("pdq");
      int bar = byPdq == Outcome.REJECT ? t.pdqRejectDistance() : t.pdqReviewDistance();
      why.add(String.format(Locale.ROOT, "pdq distance %d <= %s %d", m.pdqDistance(), byPdq.label(), bar));
    }
    String signal = signals.isEmpty() ? (m.hasCnn() ? "cnn" : "pdq") : String.join("+", signals);
    return new Graded(m.withSignal(signal), outcome, why.isEmpty() ? evidence(m) : String.join(", ", why));
  }

  private static String evidence(Match m) {
    List<String> parts = new ArrayList<>();
    if (m.hasCnn()) parts.add(String.format(Locale.ROOT, "cnn %.3f", m.similarity()));
    if (m.hasPdq()) parts.add("pdq distance " + m.pdqDistance());
    return String.join(", ", parts);
  }
}
