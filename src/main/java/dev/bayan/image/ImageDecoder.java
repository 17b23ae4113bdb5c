package dev.bayan.image;

import dev.bayan.config.ImageConfig;
import dev.bayan.error.BadInput;
import dev.bayan.error.BayanException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Decodes untrusted image bytes into upright 8-bit RGB.
 *
 * <p>The format comes from the magic bytes; the pixel count declared by the header is checked before
 * any pixel is decoded; large JPEGs and WebPs are decoded subsampled (never below {@code decodeMinSide} on the
 * short side); JPEG EXIF orientation is applied; only the first frame of an animation is read.
 * Every failure is a {@link BayanException}: {@code image_empty}, {@code image_corrupt},
 * {@code image_too_many_pixels}, {@code image_too_many_scans} or {@code unsupported_media_type}.
 *
 * <p>With {@code image.nativeDecoders}, clean JPEGs and still WebPs go to libjpeg-turbo and libwebp
 * ({@link NativeDecoders}) after the same structural checks, and plain PNGs always go to {@link PngDecoder}
 * (with libdeflate for their zlib data where it loaded); whatever they decline takes the Java path.
 *
 * <p>Thread-safe: each call uses its own reader. Decoding blocks: never call it on an event loop.
 */
public final class ImageDecoder {
  private final ImageConfig config;
  private final Map<ImageFormat, ImageReaderSpi> readers = new EnumMap<>(ImageFormat.class);
  private final Map<ImageFormat, FastDecoder> natives;
  private final Map<ImageFormat, FastDecoder> fastPaths = new EnumMap<>(ImageFormat.class);
  private final SrgbProfiles srgbProfiles = new SrgbProfiles();

  public ImageDecoder(ImageConfig config) {
    this.config = config;
    for (ImageFormat format : ImageFormat.values()) readers.put(format, readerFor(format));
    this.natives = config.nativeDecoders() ? NativeDecoders.available() : Map.of();
    fastPaths.putAll(natives);
    fastPaths.putIfAbsent(ImageFormat.PNG, new PngDecoder(new JavaPngInflater())); // PNG in Java: always there
  }

  /** The formats decoded natively by this decoder (start-up log, tests). */
  public String nativeFormats() {
    return natives.keySet().stream().map(ImageFormat::label).sorted().toList().toString();
  }

  public RgbImage decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) throw new BadInput("image_empty", "the image is empty");
    ImageFormat format = ImageFormat.sniff(bytes);
    JpegStructure jpeg = ContainerChecks.check(format, bytes, config.maxPixels());
    FastDecoder fast = needsColourConversion(bytes, jpeg) ? null : fastPaths.get(format);
    RgbImage rgb = fast == null ? null : fast.decode(bytes, config.decodeMinSide(), config.maxPixels());
    if (rgb == null) rgb = decodeInJava(format, bytes);
    return jpeg == null ? rgb : Orientation.apply(rgb, jpeg.orientation());
  }

  private boolean needsColourConversion(byte[] bytes, JpegStructure jpeg) {
    return jpeg != null && jpeg.profile() != null && !srgbProfiles.isSrgb(bytes, jpeg.profile());
  }

  /** The ImageIO path alone (the fast paths are tested against it). */
  RgbImage decodeInJava(ImageFormat format, byte[] bytes) {
    ImageReader reader = newReader(format);
    try (ByteImageInput input = new ByteImageInput(bytes)) {
      reader.setInput(input, false, true); // ignore metadata: EXIF is parsed by JpegStructure
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      ContainerChecks.requirePixels(width, height, config.maxPixels());
      int step = format == ImageFormat.JPEG || format == ImageFormat.WEBP ? subsampling(width, height) : 1;
      ImageReadParam param = reader.getDefaultReadParam();
      if (step > 1) param.setSourceSubsampling(step, step, 0, 0);
      BufferedImage image = reader.read(0, param);
      return new RgbImage(image.getWidth(), image.getHeight(), RgbPixels.of(image), format.label(), width, height);
    } catch (BayanException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new BadInput("image_corrupt", "the " + format.label() + " image cannot be decoded", e);
    } finally {
      reader.dispose();
    }
  }

  /** The largest integer step that keeps the short side at or above {@code decodeMinSide}. */
  int subsampling(int width, int height) {
    return subsamplingStep(width, height, config.decodeMinSide());
  }

  static int subsamplingStep(int width, int height, int minSide) {
    return Math.max(1, Math.min(width, height) / minSide);
  }

  private ImageReader newReader(ImageFormat format) {
    try {
      return readers.get(format).createReaderInstance();
    } catch (IOException e) {
      throw new IllegalStateException("cannot create an ImageIO reader for " + format.label(), e);
    }
  }

  /** The provider ImageIO ranks first (TwelveMonkeys' JPEG reader outranks the JDK's, handling CMYK/YCCK). */
  private static ImageReaderSpi readerFor(ImageFormat format) {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.label());
    if (!it.hasNext()) throw new IllegalStateException("no ImageIO reader for " + format.label() + " on the classpath");
    ImageReader reader = it.next();
    ImageReaderSpi spi = reader.getOriginatingProvider();
    reader.dispose();
    return spi;
  }
}
