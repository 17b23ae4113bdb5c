package dev.bayan.image;

/** A rectangle of an image, {@code width x height} pixels from ({@code left}, {@code top}). */
record Crop(int left, int top, int width, int height) {
  Crop {
    if (left < 0 || top < 0 || width < 1 || height < 1) throw new IllegalArgumentException("empty crop");
  }

  static Crop whole(RgbImage img) {
    return new Crop(0, 0, img.width(), img.height());
  }
}
