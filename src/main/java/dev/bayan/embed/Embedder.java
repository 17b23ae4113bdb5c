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

  /** True while the stage would refuse a new image at once, so that callers can shed before any work. */
  default boolean full() {
    return false;
  }

  /** A proxy that talks to the {@link EmbedBatcherVerticle} over the event bus. */
  static Embedder createProxy(Vertx vertx, long timeoutMs) {
    return createProxy(vertx, timeoutMs, () -> false);
  }

  /** As above, with the local batcher's {@link EmbedBatcherVerticle#full} for {@link #full}. */
  static Embedder createProxy(Vertx vertx, long timeoutMs, BooleanSupplier full) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    return new Embedder() {
      @Override
      public Future<float[]> embed(float[] tensor, BooleanSupplier abandoned) {
        return Replies.unwrap(vertx.eventBus().<float[]>request(EmbedBatcherVerticle.ADDRESS,
            new EmbedRequest(tensor, abandoned), options), "embed");
      }

      @Override
      public boolean full() {
        return full.getAsBoolean();
      }
    };
  }
}
