package dev.bayan.image;

import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native decoders this JVM can use. They call libturbojpeg, libwebp and (for PNG's zlib data) libdeflate
 * through the FFM API, so they are compiled for JDK 22+ ({@code src/main/java22}) and loaded by name: on
 * JDK 21, or where a library is missing, the map lacks that format and its images take the Java path.
 */
final class NativeDecoders {
  private static final Logger log = LoggerFactory.getLogger(NativeDecoders.class);
  private static final Map<ImageFormat, FastDecoder> AVAILABLE = load();

  private NativeDecoders() {}

  /** The decoders that loaded, once per JVM (native libraries stay loaded anyway). */
  static Map<ImageFormat, FastDecoder> available() {
    return AVAILABLE;
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
    try {
      Object loaded = Class.forName(className).getDeclaredConstructor().newInstance();
      into.put(format, loaded instanceof PngInflater inflater ? new PngDecoder(inflater) : (FastDecoder) loaded);
      log.info("{} images are decoded natively ({})", format.label(), className);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.warn("{} images use the slower Java decoder: {} (apt-get install {})", format.label(), cause.toString(),
          debianPackage);
    }
  }
}
