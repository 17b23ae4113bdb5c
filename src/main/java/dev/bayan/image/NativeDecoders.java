package dev.bayan.image;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native decoders (and the JPEG encoder) this JVM can use. They call libturbojpeg, libwebp and (for
 * PNG's zlib data) libdeflate through the FFM API, so they are compiled for JDK 22+ ({@code src/main/java22})
 * and loaded by name: on JDK 21, or where a library is missing, the map lacks that format and its images
 * take the Java path (and thumbnails ImageIO's encoder).
 */
final class NativeDecoders {
  private static final Logger log = LoggerFactory.getLogger(NativeDecoders.class);
  private static final Map<ImageFormat, FastDecoder> AVAILABLE = load();
  private static final Optional<JpegEncoder> JPEG_ENCODER = Optional.ofNullable(Jdk22Classes.instantiate(
      "dev.bayan.image.TurboJpegEncoder", JpegEncoder.class, "jpeg encoding", "apt-get install libturbojpeg0"));

  private NativeDecoders() {}

  /** The decoders that loaded, once per JVM (native libraries stay loaded anyway). */
  static Map<ImageFormat, FastDecoder> available() {
    return AVAILABLE;
  }

  /** libjpeg-turbo's encoder, when it loaded. */
  static Optional<JpegEncoder> jpegEncoder() {
    return JPEG_ENCODER;
  }

  private static Map<ImageFormat, FastDecoder> load() {
    Map<ImageFormat, FastDecoder> decoders = new EnumMap<>(ImageFormat.class);
    if (Runtime.version().feature() < 22) {
      log.info("JDK {}: native image decoders need JDK 22+, using the Java decoders", Runtime.version().feature());
      return decoders;
    }
    load(decoders, ImageFormat.JPEG, "dev.bayan.image.TurboJpegDecoder", "libturbojpeg0");
    load(decoders, ImageFormat.WEBP, "dev.bayan.image.WebpDecoder", "libwebp7");
    load(decoders, ImageFormat.PNG, "dev.bayan.image.LibdeflateInflater", "libdeflate0");
    return decoders;
  }

  private static void load(Map<ImageFormat, FastDecoder> into, ImageFormat format, String className,
                           String debianPackage) {
    Object loaded = Jdk22Classes.instantiate(className, Object.class, format.label() + " decoding",
        "apt-get install " + debianPackage);
    if (loaded instanceof PngInflater inflater) into.put(format, new PngDecoder(inflater));
    else if (loaded != null) into.put(format, (FastDecoder) loaded);
  }
}
