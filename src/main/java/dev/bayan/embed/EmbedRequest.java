package dev.bayan.embed;

/** One image's model input, as it travels to the batcher. */
public record EmbedRequest(float[] tensor) {}
