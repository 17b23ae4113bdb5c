package dev.bayan.match;

import dev.bayan.decide.Decision;

/**
 * The match stage's answer.
 *
 * @param indexed the post is now durable in the store (a repost of it will be caught)
 * @param searchNanos time of the coalesced store search this query rode in
 * @param batchSize how many queries shared that search
 */
public record MatchVerdict(Decision decision, boolean indexed, long searchNanos, int batchSize) {}
