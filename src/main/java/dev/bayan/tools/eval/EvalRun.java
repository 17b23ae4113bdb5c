package dev.bayan.tools.eval;

import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation found, for the report and for tests.
 *
 * @param indexedOriginals originals the store holds after the backfill (only their copies are queried)
 * @param copiesPerImage transforms per original (and per negative)
 * @param kinds image file name to kind, from {@code --manifest} (empty without one)
 */
record EvalRun(EvalOptions options, String modelId, String policy, int originals, int indexedOriginals,
               int distractors, int indexedDistractors, int negatives, List<Transform> families, int copiesPerImage,
               List<Query> queries, Map<Signal, SignalReport> signals, DecisionSummary decisions, double indexSeconds,
               double querySeconds, Map<String, String> kinds) {
  SignalReport signal(Signal s) {
    return signals.get(s);
  }

  /** The kind of the image a query was made from, "unknown" when the manifest does not list it. */
  String kind(Query q) {
    return kinds.getOrDefault(q.source().getFileName().toString(), "unknown");
  }

  long copyQueries() {
    return queries.stream().filter(Query::isCopy).count();
  }

  long negativeQueries() {
    return queries.size() - copyQueries();
  }

  long failedQueries() {
    return queries.stream().filter(q -> q.answer().error() != null).count();
  }
}
