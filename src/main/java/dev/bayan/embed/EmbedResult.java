package dev.bayan.embed;

/** A worker's answer for one batch. */
record EmbedResult(float[][] embeddings) {}
