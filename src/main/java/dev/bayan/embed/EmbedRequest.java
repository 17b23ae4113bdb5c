package dev.bayan.embed;

import java.util.function.BooleanSupplier;

/**
 * One image's model input, as it travels to the batcher.
 *
 * @param abandoned true once nobody waits for the answer (the client went away): the batcher drops it
 */
public record EmbedRequest(float[] tensor, BooleanSupplier abandoned) {}
