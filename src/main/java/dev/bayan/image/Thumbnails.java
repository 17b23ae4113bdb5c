package dev.bayan.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Small JPEG previews kept with each post for the moderators' dashboard. */
public final class Thumbnails {
  static final float QUALITY = 0.8f;

  private Thumbnails() {}

  /**
   * A JPEG whose long side is {@code longSide} (or the image's own size when smaller: never upscaled),
   * aspect ratio kept, quality about 80.
   */
  public static byte[] jpeg(RgbImage img, int longSide) {
    if (longSide < 1) throw new IllegalArgumentException("longSide must be positive");
    int w = img.width();
    int h = img.height();
    double scale = Math.min(1.0, (double) longSide / Math.max(w, h));
    int tw = Math.max(1, (int) Math.round(w * scale));
    int th = Math.max(1, (int) Math.round(h * scale));
    byte[] rgb = tw == w && th == h ? img.rgb() : Resampler.toBytes(Resampler.resize(img.rgb(), w, h, tw, th));
    return encode(rgb, tw, th);
  }

  private static byte[] encode(byte[] rgb, int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(QUALITY);
      if (param instanceof JPEGImageWriteParam jpeg) jpeg.setOptimizeHuffmanTables(true);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a thumbnail to memory failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
