package dev.bayan.image;

import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native decoders this JVM can use. They call libturbojpeg and libwebp through the FFM API, so they
 * are compiled for JDK 22+ ({@code src/main/java22}) and loaded by name: on JDK 21, or where a library
 * is missing, the map is empty and every image takes the Java path.
 */
final class NativeDecoders {
  private static final Logger log = LoggerFactory.getLogger(NativeDecoders.class);
  private static final Map<ImageFormat, NativeDecoder> AVAILABLE = load();

  private NativeDecoders() {}

  /** The decoders that loaded, once per JVM (native libraries stay loaded anyway). */
  static Map<ImageFormat, NativeDecoder> available() {
    return AVAILABLE;
  }

  private static Map<ImageFormat, NativeDecoder> load() {
    Map<ImageFormat, NativeDecoder> decoders = new EnumMap<>(ImageFormat.class);
    if (Runtime.version().feature() < 22) {
      log.info("JDK {}: native image decoders need JDK 22+, using the Java decoders", Runtime.version().feature());
      return decoders;
    }
    load(decoders, ImageFormat.JPEG, "dev.bayan.image.TurboJpegDecoder", "libturbojpeg0");
    load(decoders, ImageFormat.WEBP, "dev.bayan.image.WebpDecoder", "libwebp7");
    return decoders;
  }

  private static void load(Map<ImageFormat, NativeDecoder> into, ImageFormat format, String className,
                           String debianPackage) {
    try {
      into.put(format, (NativeDecoder) Class.forName(className).getDeclaredConstructor().newInstance());
      log.info("{} images are decoded natively ({})", format.label(), className);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.warn("{} images use the slower Java decoder: {} (apt-get install {})", format.label(), cause.toString(),
          debianPackage);
    }
  }
}
