package dev.bayan.error;

/** Credentials are missing or wrong (401). */
public final class Unauthorized extends BayanException {
  public Unauthorized(String code, String message) {
    super(code, message, null);
  }

  public Unauthorized(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
