package dev.bayan.image;

/**
 * A decoded image as interleaved 8-bit RGB (3 bytes a pixel, row-major), orientation applied.
 *
 * @param format the detected container format: jpeg, png, gif, webp or bmp
 * @param sourceWidth width declared by the file (before any subsampled decode)
 * @param sourceHeight height declared by the file
 */
public record RgbImage(int width, int height, byte[] rgb, String format, int sourceWidth, int sourceHeight) {
  public RgbImage {
    if (width < 1 || height < 1) throw new IllegalArgumentException("empty image");
    if (rgb.length != width * height * 3) throw new IllegalArgumentException("rgb length mismatch");
  }
}
