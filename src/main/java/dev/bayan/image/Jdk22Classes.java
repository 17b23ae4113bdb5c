package dev.bayan.image;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, by name, the faster implementations compiled from {@code src/main/java22} (native decoders and
 * encoder through FFM, SIMD row kernels through the Vector API): a JDK 21 build lacks them, and a JVM without
 * the library or module they need cannot link them. Either way the caller keeps its plain Java code.
 */
final class Jdk22Classes {
  private static final Logger log = LoggerFactory.getLogger(Jdk22Classes.class);

  private Jdk22Classes() {}

  /**
   * A new instance of {@code className}, or null where it cannot be loaded: logged with {@code what} the
   * class does and {@code remedy}, what would make it load.
   */
  static <T> T instantiate(String className, Class<T> type, String what, String remedy) {
    if (Runtime.version().feature() < 22) return null;
    try {
      T loaded = type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
      log.info("{} uses {}", what, className);
      return loaded;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.warn("{} uses the slower Java code: {} ({})", what, cause.toString(), remedy);
      return null;
    }
  }
}
