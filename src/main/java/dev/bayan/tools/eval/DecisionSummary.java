package dev.bayan.tools.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the gateway's own decision (the configured policy) treated copies and negatives, per transform. */
final class DecisionSummary {
  /** Counts for one group of queries. "right" = the decision named the true original. */
  static final class Tally {
    int total;
    int rejectRight;
    int rejectOther;
    int reviewRight;
    int reviewOther;
    int accept;
    int errors;

    void add(Query q) {
      total++;
      Answer a = q.answer();
      if (a.error() != null) {
        errors++;
        return;
      }
      boolean right = q.truth() != null && q.truth().equals(a.original());
      switch (a.decision()) {
        case "reject" -> {
          if (right) rejectRight++;
          else rejectOther++;
        }
        case "review" -> {
          if (right) reviewRight++;
          else reviewOther++;
        }
        default -> accept++;
      }
    }

    int rejected() {
      return rejectRight + rejectOther;
    }

    int flagged() {
      return rejected() + reviewRight + reviewOther;
    }

    double rate(int n) {
      return total == 0 ? 0 : (double) n / total;
    }
  }

  private final Tally copies = new Tally();
  private final Tally negatives = new Tally();
  private final Tally asIsNegatives = new Tally();
  private final Map<String, Tally> copiesByFamily = new LinkedHashMap<>();
  private final Map<String, Tally> negativesByFamily = new LinkedHashMap<>();

  static DecisionSummary of(List<Query> queries) {
    DecisionSummary s = new DecisionSummary();
    for (Query q : queries) {
      if (q.isCopy()) {
        s.copies.add(q);
        s.copiesByFamily.computeIfAbsent(q.family(), f -> new Tally()).add(q);
      } else {
        s.negatives.add(q);
        if (q.transform() == null) s.asIsNegatives.add(q);
        s.negativesByFamily.computeIfAbsent(q.family(), f -> new Tally()).add(q);
      }
    }
    return s;
  }

  Tally copies() {
    return copies;
  }

  Tally negatives() {
    return negatives;
  }

  Tally asIsNegatives() {
    return asIsNegatives;
  }

  Map<String, Tally> copiesByFamily() {
    return copiesByFamily;
  }

  Map<String, Tally> negativesByFamily() {
    return negativesByFamily;
  }
}
