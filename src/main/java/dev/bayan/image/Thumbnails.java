package dev.bayan.image;

/** Small JPEG previews kept with each post for the moderators' dashboard. */
public final class Thumbnails {
  static final int QUALITY = 80;
  private static final JpegEncoder ENCODER = NativeDecoders.jpegEncoder().orElseGet(ImageIoJpegEncoder::new);

  private Thumbnails() {}

  /**
   * A JPEG whose long side is {@code longSide} (or the image's own size when smaller: never upscaled),
   * aspect ratio kept, quality 80.
   */
  public static byte[] jpeg(RgbImage img, int longSide) {
    return jpeg(img, longSide, ENCODER);
  }

  static byte[] jpeg(RgbImage img, int longSide, JpegEncoder encoder) {
    if (longSide < 1) throw new IllegalArgumentException("longSide must be positive");
    int w = img.width();
    int h = img.height();
    double scale = Math.min(1.0, (double) longSide / Math.max(w, h));
    int tw = Math.max(1, (int) Math.round(w * scale));
    int th = Math.max(1, (int) Math.round(h * scale));
    byte[] rgb = tw == w && th == h ? img.rgb() : Resampler.toBytes(Resampler.resize(img.rgb(), w, h, tw, th));
    return encoder.encode(rgb, tw, th, QUALITY);
  }
}
