package dev.bayan.image;

import dev.bayan.config.ImageConfig;
import dev.bayan.error.BadInput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;

public final class ImageDecoder {
  public ImageDecoder(ImageConfig cfg) {}

  public RgbImage decode(byte[] bytes) {
    try {
      BufferedImage bi = ImageIO.read(new ByteArrayInputStream(bytes));
      if (bi == null) throw new BadInput("image_corrupt", "not an image");
      int w = bi.getWidth(), h = bi.getHeight();
      byte[] rgb = new byte[w * h * 3];
      for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
        int p = bi.getRGB(x, y), o = (y * w + x) * 3;
        rgb[o] = (byte) (p >> 16); rgb[o + 1] = (byte) (p >> 8); rgb[o + 2] = (byte) p;
      }
      return new RgbImage(w, h, rgb, "unknown", w, h);
    } catch (java.io.IOException | RuntimeException e) {
      if (e instanceof BadInput b) throw b;
      throw new BadInput("image_corrupt", e.toString());
    }
  }
}
