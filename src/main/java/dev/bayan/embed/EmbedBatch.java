package dev.bayan.embed;

/** What the batcher hands a worker: several images' tensors, answered with as many embeddings. */
record EmbedBatch(float[][] tensors) {}
