package dev.bayan.error;

/** Credentials are valid but do not allow this action (403). */
public final class Forbidden extends BayanException {
  public Forbidden(String code, String message) {
    super(code, message, null);
  }

  public Forbidden(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
