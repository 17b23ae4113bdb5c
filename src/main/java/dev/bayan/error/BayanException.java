package dev.bayan.error;

/**
 * The failures a stage may report. Each carries a stable machine-readable {@code code}; the HTTP
 * layer maps the type to a status in one place and never shows a stack trace.
 */
public sealed abstract class BayanException extends RuntimeException
    permits BadInput, TooLarge, UnsupportedMedia, Overloaded, StoreUnavailable, NotFound, Unauthorized,
    Forbidden, RateLimited {

  private final String code;

  protected BayanException(String code, String message, Throwable cause) {
    super(message, cause, false, false); // no stack trace: these are expected outcomes
    this.code = code;
  }

  public String code() {
    return code;
  }
}
