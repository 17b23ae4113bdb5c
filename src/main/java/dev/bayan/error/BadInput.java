package dev.bayan.error;

/** The request is malformed or the image cannot be decoded (400). */
public final class BadInput extends BayanException {
  public BadInput(String code, String message) {
    super(code, message, null);
  }

  public BadInput(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
