package dev.bayan.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Test-side decoding: a file through plain ImageIO into an {@link RgbImage}, alpha dropped. */
final class ImageIoRasters {
  private ImageIoRasters() {}

  static RgbImage read(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) throw new IOException("no ImageIO reader for " + file);
    return toRgb(image);
  }

  static RgbImage toRgb(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] rgb = new byte[width * height * 3];
    int[] row = new int[width];
    ColorModel model = image.getColorModel();
    boolean grey = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(model instanceof IndexColorModel);
    int max = (1 << model.getComponentSize(0)) - 1;
    for (int y = 0; y < height; y++) {
      if (grey) {
        // raw levels: getRGB would push them through a linear-to-sRGB conversion and brighten them
        image.getRaster().getSamples(0, y, width, 1, 0, row);
        for (int x = 0; x < width; x++) row[x] = 0x010101 * ((row[x] * 255 + max / 2) / max);
      } else {
        image.getRGB(0, y, width, 1, row, 0, width);
      }
      for (int x = 0, p = y * width * 3; x < width; x++, p += 3) {
        rgb[p] = (byte) (row[x] >> 16);
        rgb[p + 1] = (byte) (row[x] >> 8);
        rgb[p + 2] = (byte) row[x];
      }
    }
    return new RgbImage(width, height, rgb, "test", width, height);
  }
}
