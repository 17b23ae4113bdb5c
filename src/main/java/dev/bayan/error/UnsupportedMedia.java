package dev.bayan.error;

/** The content type or image format is not supported (415). */
public final class UnsupportedMedia extends BayanException {
  public UnsupportedMedia(String code, String message) {
    super(code, message, null);
  }

  public UnsupportedMedia(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
