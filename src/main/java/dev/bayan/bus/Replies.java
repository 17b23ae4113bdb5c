package dev.bayan.bus;

import dev.bayan.error.BadInput;
import dev.bayan.error.BayanException;
import dev.bayan.error.Overloaded;
import dev.bayan.error.StoreUnavailable;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Carries stage failures across the event bus. A {@link BayanException} travels as a failure code
 * plus {@code code|message}; the caller's side turns it back into the same exception type.
 */
public final class Replies {
  private static final int OVERLOADED = 503;
  private static final int UNAVAILABLE = 502;
  private static final int BAD_INPUT = 400;

  private Replies() {}

  public static void fail(Message<?> message, Throwable failure) {
    switch (failure) {
      case Overloaded o -> message.fail(OVERLOADED, o.getMessage());
      case BadInput b -> message.fail(BAD_INPUT, b.code() + "|" + b.getMessage());
      case StoreUnavailable s -> message.fail(UNAVAILABLE, s.code() + "|" + s.getMessage());
      default -> message.fail(UNAVAILABLE, "stage_failed|" + failure);
    }
  }

  /** Maps a failed request back to the gateway's exceptions; a timeout means the stage is overloaded. */
  public static <T> Future<T> unwrap(Future<Message<T>> reply, String stage) {
    return reply.recover(failure -> Future.failedFuture(translate(failure, stage))).map(Message::body);
  }

  static Throwable translate(Throwable failure, String stage) {
    if (!(failure instanceof ReplyException re)) return failure;
    if (re.failureType() == ReplyFailure.TIMEOUT) return new Overloaded(stage + " (timed out)", 1);
    if (re.failureType() == ReplyFailure.NO_HANDLERS) {
      return new StoreUnavailable("stage_down", stage + " is not running");
    }
    String[] parts = String.valueOf(re.getMessage()).split("\\|", 2);
    String code = parts.length == 2 ? parts[0] : "stage_failed";
    String text = parts.length == 2 ? parts[1] : re.getMessage();
    return switch (re.failureCode()) {
      case OVERLOADED -> new Overloaded(stage, 1);
      case BAD_INPUT -> new BadInput(code, text);
      default -> new StoreUnavailable(code, text);
    };
  }
}
