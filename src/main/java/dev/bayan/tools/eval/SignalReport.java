package dev.bayan.tools.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One signal's numbers: pooled precision-recall curve, operating points, recall per transform, negatives flagged. */
final class SignalReport {
  /**
   * The threshold that reaches {@code target} precision with the most recall (null when none does),
   * and the share of negative queries that have a candidate at or above it.
   */
  record Operating(double target, PrecisionRecall.Point point, double negativeRate, double asIsNegativeRate) {
    boolean reached() {
      return point != null;
    }

    double recall() {
      return point == null ? 0 : point.recall();
    }
  }

  private final Signal signal;
  private final List<Query> queries;
  private final PrecisionRecall curve;
  private final int predictions;
  private final List<Operating> operating;

  private SignalReport(Signal signal, List<Query> queries, PrecisionRecall curve, int predictions,
                       List<Double> targets) {
    this.signal = signal;
    this.queries = queries;
    this.curve = curve;
    this.predictions = predictions;
    List<Operating> points = new ArrayList<>();
    for (double target : targets) {
      PrecisionRecall.Point p = curve.atPrecision(target).orElse(null);
      points.add(new Operating(target, p, p == null ? 0 : negativeRate(p.threshold(), false),
          p == null ? 0 : negativeRate(p.threshold(), true)));
    }
    this.operating = List.copyOf(points);
  }

  /** @param targets precisions to find thresholds for; the first is the headline one */
  static SignalReport of(Signal signal, List<Query> queries, List<Double> targets) {
    List<Prediction> pooled = predictions(signal, queries);
    return new SignalReport(signal, queries, PrecisionRecall.of(pooled, copies(queries)), pooled.size(), targets);
  }

  /** Every candidate of every answer that has this signal's evidence, one per (query, post). */
  static List<Prediction> predictions(Signal signal, List<Query> queries) {
    List<Prediction> out = new ArrayList<>();
    for (Query q : queries) {
      Map<String, Double> best = new HashMap<>();
      for (Candidate c : q.answer().candidates()) {
        Double s = signal.score(c);
        if (s != null) best.merge(c.postId(), s, Math::max);
      }
      best.forEach((postId, score) -> out.add(new Prediction(score, postId.equals(q.truth()))));
    }
    return out;
  }

  private static int copies(List<Query> queries) {
    return (int) queries.stream().filter(Query::isCopy).count();
  }

  Signal signal() {
    return signal;
  }

  PrecisionRecall curve() {
    return curve;
  }

  /** False when the answers carried no evidence of this signal at all (PDQ before the hybrid decision). */
  boolean hasEvidence() {
    return predictions > 0;
  }

  List<Operating> operating() {
    return operating;
  }

  /** The headline operating point (the first target precision). */
  Operating headline() {
    return operating.get(0);
  }

  /** Per transform family: the share of copies whose original scores >= {@code threshold}. */
  Map<String, Double> recallPerFamily(double threshold) {
    return recallBy(Query::family, threshold);
  }

  /** Per group of copies (family, kind): the share whose original scores >= {@code threshold}. */
  Map<String, Double> recallBy(Function<Query, String> group, double threshold) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (Query q : queries) {
      if (!q.isCopy()) continue;
      int[] c = counts.computeIfAbsent(group.apply(q), f -> new int[2]);
      c[0]++;
      Double s = q.truthScore(signal);
      if (s != null && s >= threshold) c[1]++;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    counts.forEach((key, c) -> out.put(key, (double) c[1] / c[0]));
    return out;
  }

  /** The share of negative queries (only unmodified ones when {@code asIsOnly}) with a candidate >= threshold. */
  double negativeRate(double threshold, boolean asIsOnly) {
    int total = 0;
    int flagged = 0;
    for (Query q : queries) {
      if (q.isCopy() || (asIsOnly && q.transform() != null)) continue;
      total++;
      Double s = q.wrongScore(signal);
      if (s != null && s >= threshold) flagged++;
    }
    return total == 0 ? 0 : (double) flagged / total;
  }

  /** The threshold in the signal's own unit, for people: similarity, or PDQ distance. */
  String thresholdText(PrecisionRecall.Point p) {
    if (p == null) return "not reached";
    return switch (signal) {
      case CNN -> String.format(java.util.Locale.ROOT, "similarity >= %.3f", p.threshold());
      case PDQ -> "distance <= " + Signal.pdqDistance(p.threshold());
      case HYBRID -> String.format(java.util.Locale.ROOT, "max(cnn, 1-d/256) >= %.3f", p.threshold());
    };
  }
}
