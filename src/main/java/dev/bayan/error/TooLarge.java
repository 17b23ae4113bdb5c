package dev.bayan.error;

/** The body or the image exceeds a configured limit (413). */
public final class TooLarge extends BayanException {
  public TooLarge(String code, String message) {
    super(code, message, null);
  }

  public TooLarge(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
