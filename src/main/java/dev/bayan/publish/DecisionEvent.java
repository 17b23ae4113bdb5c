package dev.bayan.publish;

import dev.bayan.decide.Decision;

/**
 * A decision as the outside world sees it (feed, Kafka topics, logs). Published locally on
 * {@link #ADDRESS} for every non-dry-run check, whatever its origin.
 *
 * @param origin {@code http} or {@code kafka}
 * @param instance the gateway instance that decided (feeds of several instances de-duplicate by postId+instance)
 */
public record DecisionEvent(String postId, String authorId, String space, Decision decision, boolean indexed,
                            String modelId, long time, String origin, String instance) {
  public static final String ADDRESS = "bayan.publish.decision";
}
