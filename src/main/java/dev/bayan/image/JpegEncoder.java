package dev.bayan.image;

/** Encodes packed RGB bytes as a baseline JPEG; libjpeg-turbo's, or ImageIO's where that is missing. */
interface JpegEncoder {
  /** @param quality 1..100, the libjpeg scale */
  byte[] encode(byte[] rgb, int width, int height, int quality);

  static void requireSize(byte[] rgb, int width, int height) {
    if (rgb.length != width * height * 3) throw new IllegalArgumentException("rgb is not width x height x 3 bytes");
  }
}
