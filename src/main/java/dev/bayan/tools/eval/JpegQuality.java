package dev.bayan.tools.eval;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Re-encoding at a low JPEG quality (block artefacts, colour bleeding): the most common repost. */
final class JpegQuality implements Transform {
  static final int MIN = 20;
  static final int MAX = 60;

  @Override
  public String name() {
    return "jpeg";
  }

  @Override
  public String description() {
    return "JPEG re-encode at quality " + MIN + "-" + MAX;
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    int quality = Canvas.between(random, MIN, MAX);
    return new Edited(decode(encode(image, quality / 100f)), "jpeg q" + quality);
  }

  /** Baseline JPEG bytes at {@code quality} (0..1) with the JDK's writer. */
  static byte[] encode(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
         MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(Canvas.copy(image), null, null), param);
      stream.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  static BufferedImage decode(byte[] jpeg) {
    try {
      return Canvas.copy(ImageIO.read(new ByteArrayInputStream(jpeg)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
