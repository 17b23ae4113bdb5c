package dev.bayan.tools.eval;

import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation found, for the report and for tests.
 *
 * @param indexedOriginals originals the store holds after the backfill (only their copies are queried)
 * @param copiesPerImage transforms per original (and per negative)
 */
record EvalRun(EvalOptions options, String modelId, String policy, int originals, int indexedOriginals,
               int distractors, int indexedDistractors, int negatives, List<Transform> families, int copiesPerImage,
               List<Query> queries, Map<Signal, SignalReport> signals, DecisionSummary decisions, double indexSeconds,
               double querySeconds) {
  SignalReport signal(Signal s) {
    return signals.get(s);
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
