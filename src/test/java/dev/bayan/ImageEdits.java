package dev.bayan;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** The edits reposters make, applied to real images in tests. */
public final class ImageEdits {
  private ImageEdits() {}

  public static BufferedImage read(byte[] bytes) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = rgb.createGraphics();
      g.drawImage(img, 0, 0, Color.WHITE, null);
      g.dispose();
      return rgb;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] jpeg(BufferedImage img, float quality) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
         MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(img, null, null), param);
      writer.dispose();
      stream.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] png(BufferedImage img) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static BufferedImage resize(BufferedImage img, double scale) {
    int w = Math.max(1, (int) (img.getWidth() * scale));
    int h = Math.max(1, (int) (img.getHeight() * scale));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(img, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** Cuts {@code fraction} of the width and height away, split evenly between the sides. */
  public static BufferedImage crop(BufferedImage img, double fraction) {
    int dx = (int) (img.getWidth() * fraction / 2);
    int dy = (int) (img.getHeight() * fraction / 2);
    return copy(img.getSubimage(dx, dy, img.getWidth() - 2 * dx, img.getHeight() - 2 * dy));
  }

  /** A meme-style white caption bar above the picture. */
  public static BufferedImage caption(BufferedImage img, String text) {
    int bar = Math.max(24, img.getHeight() / 6);
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight() + bar, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), bar);
    g.drawImage(img, 0, bar, null);
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, bar * 2 / 3));
    g.drawString(text, bar / 4, bar * 3 / 4);
    g.dispose();
    return out;
  }

  public static BufferedImage flip(BufferedImage img) {
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(img, img.getWidth(), 0, -img.getWidth(), img.getHeight(), null);
    g.dispose();
    return out;
  }

  private static BufferedImage copy(BufferedImage img) {
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.dispose();
    return out;
  }
}
