package dev.bayan.error;

/** This client sent more than its configured rate (429, with Retry-After). */
public final class RateLimited extends BayanException {
  public RateLimited(String message) {
    super("rate_limited", message, null);
  }
}
