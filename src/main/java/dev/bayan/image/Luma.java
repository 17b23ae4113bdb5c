package dev.bayan.image;

/** The luminance plane PDQ hashes, as the reference builds it. */
final class Luma {
  private static final float FROM_R = 0.299f;
  private static final float FROM_G = 0.587f;
  private static final float FROM_B = 0.114f;
  private static final RowKernels KERNELS = RowKernels.BEST;

  private Luma() {}

  /**
   * Row-major luma of {@code image}, resampled nearest-neighbour to {@code width x height}
   * (pixel {@code x} comes from source column {@code floor(x * sourceWidth / width)}, which is how
   * the reference's image library resizes). A grey image (every sampled pixel R=G=B) contributes
   * its grey level unchanged, as the reference does for grey rasters: the weighted sum is off by
   * an ulp for some levels (15 gives 15.000001), which can flip a bit. Written into {@code luma}, every
   * value of its first width x height overwritten (it may be longer: a reused working plane).
   */
  static float[] of(RgbImage image, int width, int height, float[] luma) {
    if (luma.length < width * height) throw new IllegalArgumentException("luma must hold width x height values");
    int[] columns = sourceIndexes(width, image.width());
    int[] at = new int[width];
    for (int x = 0; x < width; x++) at[x] = columns[x] * 3;
    RowKernels.LumaRow row = KERNELS.lumaRow(at, image.width() * 3, FROM_R, FROM_G, FROM_B);
    boolean grey = true;
    for (int y = 0; y < height; y++) {
      int rowStart = (int) ((long) y * image.height() / height) * image.width() * 3;
      grey &= row.sample(image.rgb(), rowStart, luma, y * width);
    }
    if (grey) greyLevels(image, columns, height, luma);
    return luma;
  }

  private static void greyLevels(RgbImage image, int[] columns, int height, float[] luma) {
    byte[] rgb = image.rgb();
    int width = columns.length;
    for (int y = 0, i = 0; y < height; y++) {
      int rowStart = (int) ((long) y * image.height() / height) * image.width();
      for (int x = 0; x < width; x++, i++) luma[i] = rgb[(rowStart + columns[x]) * 3] & 0xff;
    }
  }

  private static int[] sourceIndexes(int size, int sourceSize) {
    int[] indexes = new int[size];
    for (int i = 0; i < size; i++) indexes[i] = (int) ((long) i * sourceSize / size);
    return indexes;
  }
}
