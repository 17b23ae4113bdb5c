package dev.bayan.error;

/** A bounded queue is full: the caller should retry after {@code retryAfterSeconds} (503). */
public final class Overloaded extends BayanException {
  private final int retryAfterSeconds;

  public Overloaded(String stage, int retryAfterSeconds) {
    super("overloaded", stage + " queue is full, retry later", null);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
