package dev.bayan.tools.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Micro-averaged precision and recall over pooled predictions, the copy-detection challenge way:
 * all (query, candidate, score) triples of all queries (negatives included) are ranked by score;
 * recall counts against every copy query (a copy whose original never shows up still counts).
 * Equal scores form one step: they are accepted or refused together by any threshold.
 */
final class PrecisionRecall {
  /** The result of accepting every prediction with score >= threshold. */
  record Point(double threshold, double recall, double precision, int accepted, int correct) {}

  private final List<Point> curve;
  private final double averagePrecision;
  private final int positives;

  private PrecisionRecall(List<Point> curve, double averagePrecision, int positives) {
    this.curve = curve;
    this.averagePrecision = averagePrecision;
    this.positives = positives;
  }

  /** @param positives how many correct predictions exist at best (the number of copy queries) */
  static PrecisionRecall of(List<Prediction> predictions, int positives) {
    List<Prediction> sorted = new ArrayList<>(predictions);
    sorted.sort(Comparator.comparingDouble(Prediction::score).reversed());
    List<Point> curve = new ArrayList<>();
    double ap = 0;
    double previousRecall = 0;
    int accepted = 0;
    int correct = 0;
    for (int i = 0; i < sorted.size(); ) {
      double score = sorted.get(i).score();
      while (i < sorted.size() && sorted.get(i).score() == score) {
        accepted++;
        if (sorted.get(i).correct()) correct++;
        i++;
      }
      double recall = positives == 0 ? 0 : (double) correct / positives;
      double precision = (double) correct / accepted;
      ap += (recall - previousRecall) * precision;
      previousRecall = recall;
      curve.add(new Point(score, recall, precision, accepted, correct));
    }
    return new PrecisionRecall(List.copyOf(curve), positives == 0 ? Double.NaN : ap, positives);
  }

  /** Area under the step precision-recall curve; NaN without positives. */
  double averagePrecision() {
    return averagePrecision;
  }

  /** One point per distinct score, highest threshold first. */
  List<Point> curve() {
    return curve;
  }

  int positives() {
    return positives;
  }

  /**
   * The operating point with the largest recall among those with precision >= {@code target};
   * of points with that recall, the one with the highest threshold. Empty when no threshold
   * reaches the target (or nothing was found).
   */
  Optional<Point> atPrecision(double target) {
    Point best = null;
    for (Point p : curve) {
      if (p.precision() >= target && p.correct() > 0 && (best == null || p.recall() > best.recall())) best = p;
    }
    return Optional.ofNullable(best);
  }
}
