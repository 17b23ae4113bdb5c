package dev.bayan.tools.eval;

/** One (query, candidate, score) of the pooled predictions; correct when the candidate is the query's original. */
record Prediction(double score, boolean correct) {}
