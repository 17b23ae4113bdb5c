package dev.bayan.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.PackedColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Copies a decoded {@link BufferedImage} into interleaved 8-bit RGB, compositing alpha over white.
 * The layouts ImageIO readers actually return (interleaved bytes, packed ints, 8-bit palettes) are
 * read straight from the data buffer; {@code getRGB} per pixel would cost about as much as the decode.
 * Grey is copied as is: Java2D would treat it as linear light and brighten it.
 */
final class RgbPixels {
  private static final RowKernels KERNELS = RowKernels.BEST;

  private RgbPixels() {}

  static byte[] of(BufferedImage image) {
    Raster raster = image.getRaster();
    ColorModel cm = image.getColorModel();
    if (raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1
        && raster.getSampleModel() instanceof ComponentSampleModel sm && singleBank(sm)) {
      if (cm instanceof IndexColorModel icm && sm.getNumBands() == 1 && icm.getPixelSize() == 8) {
        return fromIndexedBytes(raster, buffer, sm, palette(icm));
      }
      if (cm instanceof ComponentColorModel && eightBit(cm) && (isRgb(cm) || isGray(cm))) {
        return fromInterleavedBytes(raster, buffer, sm, cm);
      }
    }
    if (raster.getDataBuffer() instanceof DataBufferInt buffer && buffer.getNumBanks() == 1
        && raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm
        && cm instanceof DirectColorModel dcm && isRgb(dcm) && eightBit(dcm)) {
      return fromPackedInts(raster, buffer, sm, dcm);
    }
    if (cm instanceof IndexColorModel || isRgb(cm) || isGray(cm)) {
      if (maxComponentBits(cm) <= 16) return fromSamples(raster, cm);
    }
    return of(toIntRgb(image)); // ICC colour spaces, CMYK, float samples: let Java2D convert
  }

  private static boolean isRgb(ColorModel cm) {
    return cm.getColorSpace().isCS_sRGB() && cm.getNumColorComponents() == 3;
  }

  private static boolean isGray(ColorModel cm) {
    return cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1;
  }

  private static boolean eightBit(ColorModel cm) {
    for (int bits : cm.getComponentSize()) {
      if (bits != 8) return false;
    }
    return true;
  }

  private static int maxComponentBits(ColorModel cm) {
    int max = 0;
    for (int bits : cm.getComponentSize()) max = Math.max(max, bits);
    return cm instanceof IndexColorModel ? cm.getPixelSize() : max;
  }

  private static boolean singleBank(ComponentSampleModel sm) {
    for (int bank : sm.getBankIndices()) {
      if (bank != 0) return false;
    }
    return true;
  }

  /** Index of pixel (0, 0) in the bank, for rasters that are children of larger ones. */
  private static int origin(Raster raster, int dataOffset, int scanlineStride, int pixelStride) {
    return dataOffset - raster.getSampleModelTranslateY() * scanlineStride
        - raster.getSampleModelTranslateX() * pixelStride;
  }

  private static byte[] fromInterleavedBytes(Raster raster, DataBufferByte buffer, ComponentSampleModel sm,
                                             ColorModel cm) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    byte[] data = buffer.getData();
    int scan = sm.getScanlineStride();
    int stride = sm.getPixelStride();
    int origin = origin(raster, buffer.getOffset(), scan, stride);
    int[] offsets = sm.getBandOffsets();
    boolean gray = cm.getNumColorComponents() == 1;
    int r = offsets[0];
    int g = gray ? r : offsets[1];
    int b = gray ? r : offsets[2];
    int a = cm.hasAlpha() ? offsets[cm.getNumColorComponents()] : -1;
    boolean premultiplied = cm.isAlphaPremultiplied();
    byte[] out = new byte[w * h * 3];
    int o = 0;
    for (int y = 0; y < h; y++) {
      int p = origin + y * scan;
      if (a < 0) {
        for (int x = 0; x < w; x++, p += stride) {
          out[o++] = data[p + r];
          out[o++] = data[p + g];
          out[o++] = data[p + b];
        }
      } else {
        for (int x = 0; x < w; x++, p += stride) {
          int alpha = data[p + a] & 0xFF;
          out[o++] = overWhite(data[p + r] & 0xFF, alpha, premultiplied);
          out[o++] = overWhite(data[p + g] & 0xFF, alpha, premultiplied);
          out[o++] = overWhite(data[p + b] & 0xFF, alpha, premultiplied);
        }
      }
    }
    return out;
  }

  /** The palette as RGB triples already composited over white; indices past its end are black. */
  private static byte[] palette(IndexColorModel icm) {
    int size = 1 << icm.getPixelSize();
    byte[] lut = new byte[size * 3];
    for (int i = 0; i < Math.min(size, icm.getMapSize()); i++) {
      int argb = icm.getRGB(i);
      int alpha = argb >>> 24;
      lut[i * 3] = overWhite((argb >> 16) & 0xFF, alpha, false);
      lut[i * 3 + 1] = overWhite((argb >> 8) & 0xFF, alpha, false);
      lut[i * 3 + 2] = overWhite(argb & 0xFF, alpha, false);
    }
    return lut;
  }

  private static byte[] fromIndexedBytes(Raster raster, DataBufferByte buffer, ComponentSampleModel sm,
                                         byte[] lut) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    byte[] data = buffer.getData();
    int scan = sm.getScanlineStride();
    int stride = sm.getPixelStride();
    int origin = origin(raster, buffer.getOffset(), scan, stride) + sm.getBandOffsets()[0];
    byte[] out = new byte[w * h * 3];
    int o = 0;
    for (int y = 0; y < h; y++) {
      int p = origin + y * scan;
      for (int x = 0; x < w; x++, p += stride) {
        int i = (data[p] & 0xFF) * 3;
        out[o++] = lut[i];
        out[o++] = lut[i + 1];
        out[o++] = lut[i + 2];
      }
    }
    return out;
  }

  private static byte[] fromPackedInts(Raster raster, DataBufferInt buffer, SinglePixelPackedSampleModel sm,
                                       DirectColorModel cm) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int[] data = buffer.getData();
    int scan = sm.getScanlineStride();
    int origin = origin(raster, buffer.getOffset(), scan, 1);
    int rs = Integer.numberOfTrailingZeros(cm.getRedMask());
    int gs = Integer.numberOfTrailingZeros(cm.getGreenMask());
    int bs = Integer.numberOfTrailingZeros(cm.getBlueMask());
    boolean hasAlpha = cm.hasAlpha();
    int as = hasAlpha ? Integer.numberOfTrailingZeros(cm.getAlphaMask()) : 0;
    boolean premultiplied = cm.isAlphaPremultiplied();
    byte[] out = new byte[w * h * 3];
    int o = 0;
    for (int y = 0; y < h; y++) {
      int p = origin + y * scan;
      for (int x = 0; x < w; x++, p++) {
        int px = data[p];
        int r = (px >>> rs) & 0xFF;
        int g = (px >>> gs) & 0xFF;
        int b = (px >>> bs) & 0xFF;
        if (hasAlpha) {
          int alpha = (px >>> as) & 0xFF;
          out[o++] = overWhite(r, alpha, premultiplied);
          out[o++] = overWhite(g, alpha, premultiplied);
          out[o++] = overWhite(b, alpha, premultiplied);
        } else {
          out[o++] = (byte) r;
          out[o++] = (byte) g;
          out[o++] = (byte) b;
        }
      }
    }
    return out;
  }

  /** Any bit depth up to 16 (16-bit PNG, 1/2/4-bit palettes, 565 BMP): slower, but rare. */
  private static byte[] fromSamples(Raster raster, ColorModel cm) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int bands = raster.getNumBands();
    int[] row = new int[w * bands];
    byte[] out = new byte[w * h * 3];
    byte[] lut = cm instanceof IndexColorModel icm ? palette(icm) : null;
    int colours = cm.getNumColorComponents();
    int[] max = new int[bands];
    for (int band = 0; band < bands; band++) {
      int bits = cm instanceof PackedColorModel || cm instanceof ComponentColorModel ? cm.getComponentSize(band) : 8;
      max[band] = (1 << bits) - 1;
    }
    boolean hasAlpha = lut == null && cm.hasAlpha();
    boolean premultiplied = cm.isAlphaPremultiplied();
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
      for (int x = 0, s = 0; x < w; x++, s += bands) {
        if (lut != null) {
          int i = row[s] * 3;
          out[o++] = lut[i];
          out[o++] = lut[i + 1];
          out[o++] = lut[i + 2];
          continue;
        }
        int alpha = hasAlpha ? to8Bit(row[s + colours], max[colours]) : 255;
        for (int c = 0; c < 3; c++) {
          int band = colours == 1 ? 0 : c;
          out[o++] = overWhite(to8Bit(row[s + band], max[band]), alpha, premultiplied);
        }
      }
    }
    return out;
  }

  /** Interleaved non-premultiplied RGBA (a native decoder's output) to RGB over white. */
  static byte[] overWhite(byte[] rgba) {
    byte[] out = new byte[rgba.length / 4 * 3];
    overWhite(rgba, 0, out, 0, rgba.length / 4);
    return out;
  }

  /**
   * {@code pixels} RGBA pixels from {@code rgba[p]} over white into RGB at {@code rgb[o]}: runs of opaque or
   * clear pixels by {@link RowKernels#opaqueOrClear} (a vector at a time where it can), the others here.
   */
  static void overWhite(byte[] rgba, int p, byte[] rgb, int o, int pixels) {
    for (int x = 0; x < pixels; x++, p += 4, o += 3) {
      int run = KERNELS.opaqueOrClear(rgba, p, rgb, o, pixels - x);
      x += run;
      p += 4 * run;
      o += 3 * run;
      if (x == pixels) break;
      int alpha = rgba[p + 3] & 0xFF;
      rgb[o] = overWhite(rgba[p] & 0xFF, alpha, false);
      rgb[o + 1] = overWhite(rgba[p + 1] & 0xFF, alpha, false);
      rgb[o + 2] = overWhite(rgba[p + 2] & 0xFF, alpha, false);
    }
  }

  private static int to8Bit(int value, int max) {
    return max == 255 ? value : (value * 255 + max / 2) / max;
  }

  static byte overWhite(int c, int alpha, boolean premultiplied) {
    if (alpha == 255) return (byte) c;
    int v = premultiplied ? c + 255 - alpha : (c * alpha + 255 * (255 - alpha) + 127) / 255;
    return (byte) Math.min(255, v);
  }

  private static BufferedImage toIntRgb(BufferedImage image) {
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }
}
