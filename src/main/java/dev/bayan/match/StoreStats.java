package dev.bayan.match;

import java.util.Map;

/** What an operator wants to know about a store. */
public record StoreStats(String kind, long vectors, Map<String, Long> perSpace, int segments, long diskBytes,
                         long lastCommitMillis) {}
