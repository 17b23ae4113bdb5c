package dev.bayan.match;

/** A PDQ hit: an indexed post, its space, and the Hamming distance (0..256) to the query hash. */
public record HashMatch(String id, String space, int distance) {}
