package dev.bayan.error;

/** The addressed resource does not exist (404). */
public final class NotFound extends BayanException {
  public NotFound(String code, String message) {
    super(code, message, null);
  }

  public NotFound(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
