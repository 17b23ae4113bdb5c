package dev.bayan.embed;

import dev.bayan.bus.Replies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.function.BooleanSupplier;

/** The embed stage's seam: one image tensor in, one L2-normalised embedding out. */
public interface Embedder {

  /**
   * Fails with {@code Overloaded} when the queue is full or the stage timed out. A request whose
   * {@code abandoned} turns true while it waits is dropped from the queue unprocessed.
   */
  Future<float[]> embed(float[] tensor, BooleanSupplier abandoned);

  /** For callers that always wait for the answer (backfill, Kafka). */
  default Future<float[]> embed(float[] tensor) {
    return embed(tensor, () -> false);
  }

  /** A proxy that talks to the {@link EmbedBatcherVerticle} over the event bus. */
  static Embedder createProxy(Vertx vertx, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    return (tensor, abandoned) -> Replies.unwrap(vertx.eventBus().<float[]>request(EmbedBatcherVerticle.ADDRESS,
        new EmbedRequest(tensor, abandoned), options), "embed");
  }
}
