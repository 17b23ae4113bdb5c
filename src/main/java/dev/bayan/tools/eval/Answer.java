package dev.bayan.tools.eval;

import java.util.List;

/**
 * What the gateway answered to one dry-run check.
 *
 * @param decision accept, review or reject; null when the check failed
 * @param original the post the decision names as the original (review/reject), else null
 * @param error the failure (HTTP status and body) when the check did not succeed, else null
 */
record Answer(String decision, String original, List<Candidate> candidates, String error) {
  Answer {
    candidates = List.copyOf(candidates);
  }

  static Answer failed(String error) {
    return new Answer(null, null, List.of(), error);
  }

  boolean flagged() {
    return "reject".equals(decision) || "review".equals(decision);
  }
}
