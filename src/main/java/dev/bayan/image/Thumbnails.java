package dev.bayan.image;

public final class Thumbnails {
  private Thumbnails() {}
  public static byte[] jpeg(RgbImage img, int longSide) { return null; }
}
