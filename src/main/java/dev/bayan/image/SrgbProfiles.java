package dev.bayan.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells whether a JPEG's embedded ICC profile renders like sRGB, so that the file may skip colour
 * conversion and take the native decoder. A profile named sRGB is taken at its word ({@link IccDescription});
 * any other single-chunk RGB profile is judged by converting a grid of colours through it the way the Java
 * path would (Java2D's colour management): when no channel of any colour moves by more than one level it is
 * sRGB in all but name, as compact profiles ("c2") and vendor copies are. Verdicts are cached by the
 * profile's bytes, a bounded few, since a gateway sees a handful of distinct profiles.
 *
 * <p>Thread-safe.
 */
final class SrgbProfiles {
  static final int MAX_CACHED = 64;
  /** Larger profiles (lookup-table printer profiles) are not sRGB copies; judging them costs more. */
  static final int MAX_JUDGED_BYTES = 16 * 1024;
  private static final int LEVELS = 9; // 0, 32, ..., 224, 255 on each channel: 729 colours
  private static final int TOLERANCE = 1;
  private static final byte[] GRID = grid();

  private final Map<ByteBuffer, Boolean> verdicts = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
      return size() > MAX_CACHED;
    }
  };

  boolean isSrgb(byte[] b, JpegStructure.IccChunk profile) {
    if (IccDescription.isSrgb(b, profile.from(), profile.end())) return true;
    int length = profile.end() - profile.from();
    if (profile.chunks() != 1 || length > MAX_JUDGED_BYTES) return false;
    ByteBuffer key = ByteBuffer.wrap(Arrays.copyOfRange(b, profile.from(), profile.end()));
    synchronized (verdicts) {
      Boolean cached = verdicts.get(key);
      if (cached != null) return cached;
    }
    boolean verdict = rendersAsSrgb(key.array());
    synchronized (verdicts) {
      verdicts.put(key, verdict);
    }
    return verdict;
  }

  int cached() {
    synchronized (verdicts) {
      return verdicts.size();
    }
  }

  /** Converts the colour grid from the profile to sRGB; anything Java2D cannot read is not sRGB. */
  static boolean rendersAsSrgb(byte[] data) {
    try {
      ICC_Profile profile = ICC_Profile.getInstance(data);
      if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB || profile.getNumComponents() != 3) return false;
      byte[] grid = GRID;
      ColorModel model = new ComponentColorModel(new ICC_ColorSpace(profile), false, false,
          ColorModel.OPAQUE, DataBuffer.TYPE_BYTE);
      WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(grid.clone(), grid.length),
          grid.length / 3, 1, grid.length, 3, new int[] {0, 1, 2}, null);
      BufferedImage source = new BufferedImage(model, raster, false, null);
      BufferedImage srgb = new BufferedImage(source.getWidth(), 1, BufferedImage.TYPE_INT_RGB);
      new ColorConvertOp(null).filter(source, srgb);
      for (int i = 0; i < source.getWidth(); i++) {
        int rgb = srgb.getRGB(i, 0);
        for (int c = 0; c < 3; c++) {
          int converted = (rgb >> (16 - 8 * c)) & 0xFF;
          if (Math.abs(converted - (grid[i * 3 + c] & 0xFF)) > TOLERANCE) return false;
        }
      }
      return true;
    } catch (RuntimeException e) { // IllegalArgumentException for junk, CMMException for a profile LCMS rejects
      return false;
    }
  }

  private static byte[] grid() {
    byte[] grid = new byte[LEVELS * LEVELS * LEVELS * 3];
    int o = 0;
    for (int r = 0; r < LEVELS; r++) {
      for (int g = 0; g < LEVELS; g++) {
        for (int b = 0; b < LEVELS; b++) {
          grid[o++] = level(r);
          grid[o++] = level(g);
          grid[o++] = level(b);
        }
      }
    }
    return grid;
  }

  private static byte level(int i) {
    return (byte) Math.min(255, i * 32);
  }
}
