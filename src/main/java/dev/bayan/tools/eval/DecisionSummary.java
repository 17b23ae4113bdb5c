package dev.bayan.tools.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** How the gateway's own decision (the configured policy) treated copies and negatives, per transform or kind. */
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
  private final Map<String, Tally> copiesByGroup = new LinkedHashMap<>();
  private final Map<String, Tally> negativesByGroup = new LinkedHashMap<>();

  /** Grouped by transform family. */
  static DecisionSummary of(List<Query> queries) {
    return of(queries, Query::family);
  }

  /** Grouped by {@code group} (family, or the image's kind from a manifest). */
  static DecisionSummary of(List<Query> queries, Function<Query, String> group) {
    DecisionSummary s = new DecisionSummary();
    for (Query q : queries) {
      if (q.isCopy()) {
        s.copies.add(q);
        s.copiesByGroup.computeIfAbsent(group.apply(q), f -> new Tally()).add(q);
      } else {
        s.negatives.add(q);
        if (q.transform() == null) s.asIsNegatives.add(q);
        s.negativesByGroup.computeIfAbsent(group.apply(q), f -> new Tally()).add(q);
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

  Map<String, Tally> copiesByGroup() {
    return copiesByGroup;
  }

  Map<String, Tally> negativesByGroup() {
    return negativesByGroup;
  }
}
