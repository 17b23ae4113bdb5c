package dev.bayan.tools.eval;

/**
 * One element of a check answer's {@code matches}: an indexed post and the evidence for it.
 *
 * @param similarity CNN cosine similarity, null when the gateway did not report one
 * @param pdqDistance PDQ Hamming distance (0..256, best dihedral variant), null when unknown or
 *     beyond the gateway's review radius (and always null before the hybrid decision existed)
 * @param signal which signal matched: cnn, pdq or cnn+pdq
 */
record Candidate(String postId, Double similarity, Integer pdqDistance, String signal) {}
