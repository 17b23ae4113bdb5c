package dev.bayan.decide;

import java.util.List;

/**
 * The verdict with its evidence.
 *
 * @param original the earliest post among those that crossed a threshold, or null on accept
 * @param matches the strongest matches, best first
 */
public record Decision(Outcome outcome, String reason, Match original, List<Match> matches) {}
