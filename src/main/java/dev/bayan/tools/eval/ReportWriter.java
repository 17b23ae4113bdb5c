package dev.bayan.tools.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The Markdown report: data, headline numbers per signal, the decision's confusion, per-transform recall, pictures. */
final class ReportWriter {
  private final EvalRun run;
  private final StringBuilder md = new StringBuilder();

  private ReportWriter(EvalRun run) {
    this.run = run;
  }

  static String markdown(EvalRun run) {
    return new ReportWriter(run).write();
  }

  private String write() {
    EvalOptions o = run.options();
    line("# Bayan evaluation report");
    line("");
    line("Command: `scripts/bayan eval " + String.join(" ", o.args()) + "`  ");
    line("Model: `" + run.modelId() + "`; seed " + o.seed() + "; target precision " + num(o.precision(), 2) + ".  ");
    line("Policy in force (the hybrid decision's thresholds): `" + run.policy() + "`");
    line("");
    data();
    summary();
    otherPrecisions();
    decisions();
    perTransform();
    if (!run.kinds().isEmpty()) byKind();
    line("## Precision-recall curves");
    line("");
    for (Signal s : Signal.values()) line("![" + s.title() + "](" + s.curveFile() + ")");
    line("");
    line("## Hardest cases");
    line("");
    line("Hybrid score (max of CNN similarity and 1 - PDQ distance/256). Misses: copies whose original scored "
        + "below the hybrid threshold, lowest first, one transform after another. Wrong matches: the highest "
        + "scores given to a post that is not the query's original.");
    line("");
    line("![hardest cases](hardest.png)");
    line("");
    transforms();
    method();
    return md.toString();
  }

  private void data() {
    long asIs = run.queries().stream().filter(q -> !q.isCopy() && q.transform() == null).count();
    line("## Data");
    line("");
    line("- originals indexed: " + run.indexedOriginals() + " of " + run.originals()
        + (run.distractors() > 0 ? "; distractors indexed: " + run.indexedDistractors() + " of " + run.distractors()
            : "")
        + "; never-indexed negatives: " + run.negatives());
    line("- transforms: " + run.copiesPerImage() + " per original out of " + run.families().size()
        + " families (rotated so each family gets the same share); every negative is queried unmodified and with "
        + run.copiesPerImage() + " transforms too");
    line(String.format(Locale.ROOT, "- queries: %d copies + %d negatives (%d unmodified); %d failed",
        run.copyQueries(), run.negativeQueries(), asIs, run.failedQueries()));
    line(String.format(Locale.ROOT, "- time: indexing %.1f s, queries %.1f s (%.1f checks/s)", run.indexSeconds(),
        run.querySeconds(), run.queries().size() / Math.max(1e-9, run.querySeconds())));
    line("");
  }

  private void summary() {
    line("## Summary at precision " + num(run.options().precision(), 2));
    line("");
    line("| signal | micro-AP | threshold | recall | negatives flagged (all / unmodified) |");
    line("|---|---|---|---|---|");
    for (Signal s : Signal.values()) {
      SignalReport r = run.signal(s);
      if (!r.hasEvidence()) {
        line("| " + s.title() + " | no evidence in the answers | | | |");
        continue;
      }
      SignalReport.Operating op = r.headline();
      line("| " + s.title() + " | " + num(r.curve().averagePrecision(), 3) + " | " + r.thresholdText(op.point())
          + " | " + num(op.recall(), 3) + " | " + (op.reached() ? pct(op.negativeRate()) + " / "
          + pct(op.asIsNegativeRate()) : "-") + " |");
    }
    line("");
    SignalReport cnn = run.signal(Signal.CNN);
    SignalReport pdq = run.signal(Signal.PDQ);
    StringBuilder suggestion = new StringBuilder("Suggested thresholds for precision "
        + num(run.options().precision(), 2) + ": CNN " + cnn.thresholdText(cnn.headline().point()));
    suggestion.append(pdq.hasEvidence() ? "; PDQ " + pdq.thresholdText(pdq.headline().point())
        : "; PDQ: none (the answers carry no pdqDistance)");
    line(suggestion + ".");
    line("");
  }

  private void otherPrecisions() {
    line("## Thresholds at other precisions");
    line("");
    line("| signal | precision | threshold | recall | negatives flagged |");
    line("|---|---|---|---|---|");
    for (Signal s : Signal.values()) {
      SignalReport r = run.signal(s);
      if (!r.hasEvidence()) continue;
      for (SignalReport.Operating op : r.operating()) {
        line("| " + s.title() + " | " + num(op.target(), 2) + " | " + r.thresholdText(op.point()) + " | "
            + num(op.recall(), 3) + " | " + (op.reached() ? pct(op.negativeRate()) : "-") + " |");
      }
    }
    line("");
  }

  private void decisions() {
    DecisionSummary d = run.decisions();
    line("## The gateway's decision (hybrid policy as configured)");
    line("");
    line("| queries | n | reject, original named | reject, other post | review, original named | review, other post "
        + "| accept | failed |");
    line("|---|---|---|---|---|---|---|---|");
    tally("copies", d.copies());
    tally("negatives", d.negatives());
    tally("negatives, unmodified", d.asIsNegatives());
    line("");
    line(String.format(Locale.ROOT, "Copies caught (reject or review naming the true original): %s; rejected "
            + "with the true original: %s. Negatives flagged (review or reject): %s (unmodified: %s).",
        pct(d.copies().rate(d.copies().rejectRight + d.copies().reviewRight)),
        pct(d.copies().rate(d.copies().rejectRight)), pct(d.negatives().rate(d.negatives().flagged())),
        pct(d.asIsNegatives().rate(d.asIsNegatives().flagged()))));
    line("");
  }

  private void tally(String name, DecisionSummary.Tally t) {
    line("| " + name + " | " + t.total + " | " + count(t, t.rejectRight) + " | " + count(t, t.rejectOther) + " | "
        + count(t, t.reviewRight) + " | " + count(t, t.reviewOther) + " | " + count(t, t.accept) + " | "
        + t.errors + " |");
  }

  private void perTransform() {
    line("## Recall per transform");
    line("");
    line("Signal columns: share of copies whose original scores at or above that signal's threshold for precision "
        + num(run.options().precision(), 2) + ". Decision columns: share of copies rejected, or flagged (rejected "
        + "or sent to review), naming the true original; then flagged whatever post it named (the policy names "
        + "the earliest strong match). Last column: negatives with this transform that the decision flagged.");
    line("");
    Map<Signal, Map<String, Double>> recall = new java.util.EnumMap<>(Signal.class);
    for (Signal s : Signal.values()) {
      SignalReport r = run.signal(s);
      recall.put(s, r.headline().reached() ? r.recallPerFamily(r.headline().point().threshold()) : Map.of());
    }
    line("| transform | copies | CNN | PDQ | Hybrid | decision: reject | decision: flagged"
        + " | decision: flagged, any post | negatives flagged |");
    line("|---|---|---|---|---|---|---|---|---|");
    DecisionSummary d = run.decisions();
    for (Transform family : run.families()) {
      String name = family.name();
      DecisionSummary.Tally t = d.copiesByGroup().get(name);
      if (t == null) continue;
      DecisionSummary.Tally neg = d.negativesByGroup().get(name);
      line("| " + name + " | " + t.total + " | " + pct(recall.get(Signal.CNN).getOrDefault(name, 0.0))
          + " | " + (run.signal(Signal.PDQ).hasEvidence() ? pct(recall.get(Signal.PDQ).getOrDefault(name, 0.0))
          : "-") + " | " + pct(recall.get(Signal.HYBRID).getOrDefault(name, 0.0)) + " | "
          + pct(t.rate(t.rejectRight)) + " | " + pct(t.rate(t.rejectRight + t.reviewRight)) + " | "
          + pct(t.rate(t.flagged())) + " | "
          + (neg == null ? "-" : neg.flagged() + "/" + neg.total) + " |");
    }
    DecisionSummary.Tally none = d.negativesByGroup().get("none");
    if (none != null) {
      line("| none (unmodified negatives) | - | | | | | | | " + none.flagged() + "/" + none.total + " |");
    }
    line("");
  }

  private void byKind() {
    line("## By kind of image");
    line("");
    line("Kinds from the manifest. Signal columns: recall at the threshold for precision "
        + num(run.options().precision(), 2) + " (as above). Decision: copies flagged naming the true original; "
        + "negatives flagged (review or reject), all and unmodified.");
    line("");
    line("| kind | copies | CNN | PDQ | Hybrid | decision: copies flagged | negatives | decision: negatives flagged "
        + "| unmodified negatives flagged |");
    line("|---|---|---|---|---|---|---|---|---|");
    Map<Signal, Map<String, Double>> recall = new java.util.EnumMap<>(Signal.class);
    for (Signal s : Signal.values()) {
      SignalReport r = run.signal(s);
      recall.put(s, r.headline().reached() ? r.recallBy(run::kind, r.headline().point().threshold()) : Map.of());
    }
    DecisionSummary d = DecisionSummary.of(run.queries(), run::kind);
    DecisionSummary asIs = DecisionSummary.of(run.queries().stream().filter(q -> q.isCopy() || q.transform() == null)
        .toList(), run::kind);
    java.util.Set<String> kinds = new java.util.TreeSet<>(d.copiesByGroup().keySet());
    kinds.addAll(d.negativesByGroup().keySet());
    for (String kind : kinds) {
      DecisionSummary.Tally c = d.copiesByGroup().get(kind);
      DecisionSummary.Tally n = d.negativesByGroup().get(kind);
      DecisionSummary.Tally a = asIs.negativesByGroup().get(kind);
      line("| " + kind + " | " + (c == null ? 0 : c.total) + " | "
          + (c == null ? "-" : pct(recall.get(Signal.CNN).getOrDefault(kind, 0.0))) + " | "
          + (c == null || !run.signal(Signal.PDQ).hasEvidence() ? "-"
              : pct(recall.get(Signal.PDQ).getOrDefault(kind, 0.0)))
          + " | " + (c == null ? "-" : pct(recall.get(Signal.HYBRID).getOrDefault(kind, 0.0))) + " | "
          + (c == null ? "-" : pct(c.rate(c.rejectRight + c.reviewRight))) + " | " + (n == null ? 0 : n.total) + " | "
          + (n == null ? "-" : pct(n.rate(n.flagged()))) + " | " + (a == null ? "-" : a.flagged() + "/" + a.total)
          + " |");
    }
    line("");
  }

  private void transforms() {
    line("## Transforms");
    line("");
    line("Copies are made from the original as the gateway decodes it, scaled to at most " + CopyMaker.MAX_SIDE
        + " px on the long side, and sent as JPEG quality " + Math.round(CopyMaker.OUTPUT_QUALITY * 100)
        + ". Parameters are drawn from a random generator seeded by (seed, file name, transform).");
    line("");
    line("| name | what it does |");
    line("|---|---|");
    for (Transform t : run.families()) line("| " + t.name() + " | " + t.description() + " |");
    line("");
  }

  private void method() {
    line("## Method");
    line("");
    line("- Every query is a `POST /v1/check?dryRun=true` to a gateway running in this process on a fresh store "
        + "(same decode, model, store and decision code as production); the originals went in through "
        + "`POST /admin/backfill`. Answers carry up to " + EvalGateway.MAX_MATCHES + " matches.");
    line("- Scores per (query, post): CNN = similarity; PDQ = 1 - pdqDistance/256 (no score when the answer has "
        + "no distance); Hybrid = the larger of the two.");
    line("- Micro-average precision: all (query, post, score) predictions of all queries, negatives included, "
        + "ranked by score; a prediction is correct when the post is the query's original; recall counts against "
        + "all copies. Equal scores form one step.");
    line("- Threshold for a precision: the highest score threshold with the largest recall whose precision is at "
        + "least the target. Negatives flagged: share of negative queries with any post scored at or above it.");
    line("- Precision depends on the mix: more negatives or distractors lower it at the same threshold.");
  }

  private static String count(DecisionSummary.Tally t, int n) {
    return n + " (" + pct(t.rate(n)) + ")";
  }

  static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  static String num(double v, int digits) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  private void line(String s) {
    md.append(s).append('\n');
  }

  /** Comma list of names, for logs. */
  static String names(List<Transform> transforms) {
    return transforms.stream().map(Transform::name).collect(Collectors.joining(","));
  }
}
