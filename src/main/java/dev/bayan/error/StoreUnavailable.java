package dev.bayan.error;

/** The vector store cannot serve right now (503). */
public final class StoreUnavailable extends BayanException {
  public StoreUnavailable(String code, String message) {
    super(code, message, null);
  }

  public StoreUnavailable(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
