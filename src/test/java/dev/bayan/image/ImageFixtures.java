package dev.bayan.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Test images: the committed corpus sample plus fixtures built in code with ImageIO and by hand. */
final class ImageFixtures {
  /** A committed corpus image and the size its manifest row declares. */
  record CorpusImage(String file, int width, int height) {
    String format() {
      String ext = file.substring(file.lastIndexOf('.') + 1);
      return ext.equals("jpg") ? "jpeg" : ext;
    }

    byte[] bytes() {
      return resource("images/" + file);
    }

    @Override
    public String toString() {
      return file;
    }
  }

  private ImageFixtures() {}

  static byte[] resource(String path) {
    try (InputStream in = ImageFixtures.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalArgumentException("missing test resource " + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<CorpusImage> corpus() {
    String[] lines = new String(resource("images/LICENSES.tsv"), StandardCharsets.UTF_8).split("\n");
    List<String> header = List.of(lines[0].split("\t"));
    int file = header.indexOf("file");
    int width = header.indexOf("width");
    int height = header.indexOf("height");
    List<CorpusImage> images = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) continue;
      String[] row = lines[i].split("\t", -1);
      images.add(new CorpusImage(row[file], Integer.parseInt(row[width]), Integer.parseInt(row[height])));
    }
    return images;
  }

  static CorpusImage corpus(String file) {
    return corpus().stream().filter(c -> c.file().equals(file)).findFirst().orElseThrow();
  }

  /** A corpus image decoded by plain ImageIO, as material for other formats. */
  static BufferedImage corpusImage(String file) {
    try {
      return ImageIO.read(new java.io.ByteArrayInputStream(corpus(file).bytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] write(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no " + format + " writer for " + image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** JPEG at the given quality (1.0 keeps flat colours almost exact). */
  static byte[] jpeg(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  static BufferedImage solid(int width, int height, Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  /** Inserts a segment (marker + payload, length computed) right after SOI and any APP0 (JFIF). */
  static byte[] insertJpegSegment(byte[] jpeg, int marker, byte[] payload) {
    int at = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    }
    int length = payload.length + 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, at);
    out.write(0xFF);
    out.write(marker);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(payload);
    out.write(jpeg, at, jpeg.length - at);
    return out.toByteArray();
  }

  /** The JPEG with {@code profile} embedded as one APP2 ICC_PROFILE segment. */
  static byte[] withIccProfile(byte[] jpeg, ICC_Profile profile) {
    return withIccProfile(jpeg, profile, 1);
  }

  /** The JPEG with {@code profile} split over {@code chunks} APP2 ICC_PROFILE segments, in order. */
  static byte[] withIccProfile(byte[] jpeg, ICC_Profile profile, int chunks) {
    byte[] data = profile.getData();
    byte[] out = jpeg;
    for (int chunk = chunks; chunk >= 1; chunk--) { // each goes in front of the previous one
      int from = data.length * (chunk - 1) / chunks;
      int to = data.length * chunk / chunks;
      ByteArrayOutputStream app2 = new ByteArrayOutputStream();
      app2.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
      app2.write(chunk);
      app2.write(chunks);
      app2.write(data, from, to - from);
      out = insertJpegSegment(out, 0xE2, app2.toByteArray());
    }
    return out;
  }

  /** The JPEG without the APP2 segment holding its (single-chunk) ICC profile. */
  static byte[] withoutIccProfile(byte[] jpeg) {
    JpegStructure.IccChunk chunk = JpegStructure.parse(jpeg).profile();
    int segment = chunk.from() - 2 - "ICC_PROFILE\0".length() - 4; // chunk numbers, identifier, length, marker
    byte[] out = new byte[jpeg.length - (chunk.end() - segment)];
    System.arraycopy(jpeg, 0, out, 0, segment);
    System.arraycopy(jpeg, chunk.end(), out, segment, jpeg.length - chunk.end());
    return out;
  }

  /** An APP1 payload: "Exif\0\0", a TIFF header and IFD0 holding only the orientation tag. */
  static byte[] exifOrientation(int orientation, boolean littleEndian) {
    ByteBuffer tiff = ByteBuffer.allocate(26).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    tiff.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M'));
    tiff.putShort((short) 42).putInt(8); // magic, offset of IFD0
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0); // no next IFD
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(tiff.array());
    return out.toByteArray();
  }

  /** Big-endian 32-bit write into an array (PNG, JPEG fields). */
  static void putIntBe(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 24);
    b[at + 1] = (byte) (value >>> 16);
    b[at + 2] = (byte) (value >>> 8);
    b[at + 3] = (byte) value;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  static int[] rgbAt(RgbImage img, int x, int y) {
    int i = (y * img.width() + x) * 3;
    byte[] p = img.rgb();
    return new int[] {p[i] & 0xFF, p[i + 1] & 0xFF, p[i + 2] & 0xFF};
  }
}
