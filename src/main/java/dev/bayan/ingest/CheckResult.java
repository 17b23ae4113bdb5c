package dev.bayan.ingest;

import dev.bayan.decide.Decision;

/** The full answer to a check, with per-stage timings in nanoseconds. */
public record CheckResult(CheckRequest request, Decision decision, boolean indexed, String modelId,
                          long decodeNanos, long embedNanos, long searchNanos, long totalNanos, int searchBatch) {}
