package dev.bayan.image;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Still WebP through libwebp's advanced API, scaled by libwebp while it converts to RGB. Animations go to
 * the Java path (it reads the first frame). Offsets are those of {@code WebPDecoderConfig} in libwebp
 * 1.x on 64-bit Linux (decoder ABI 0x0209; libwebp refuses another ABI at start-up).
 */
final class WebpDecoder implements FastDecoder {
  private static final int ABI_VERSION = 0x0209;
  private static final int CONFIG_BYTES = 240;
  // WebPBitstreamFeatures input, at 0
  private static final long WIDTH = 0;
  private static final long HEIGHT = 4;
  private static final long HAS_ALPHA = 8;
  private static final long HAS_ANIMATION = 12;
  // WebPDecBuffer output, at 40; its RGBA view starts at 56
  private static final long COLOR_SPACE = 40;
  private static final long EXTERNAL_MEMORY = 52;
  private static final long RGBA_POINTER = 56;
  private static final long RGBA_STRIDE = 64;
  private static final long RGBA_SIZE = 72;
  // WebPDecoderOptions options, at 160
  private static final long USE_SCALING = 188;
  private static final long SCALED_WIDTH = 192;
  private static final long SCALED_HEIGHT = 196;
  private static final int MODE_RGB = 0;
  private static final int MODE_RGBA = 1;

  private final MethodHandle initConfig;
  private final MethodHandle features;
  private final MethodHandle webpDecode;

  WebpDecoder() {
    NativeLibrary lib = new NativeLibrary("libwebp.so.7");
    initConfig = lib.function("WebPInitDecoderConfigInternal", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    features = lib.function("WebPGetFeaturesInternal",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT));
    webpDecode = lib.function("WebPDecode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    try (Arena arena = Arena.ofConfined()) {
      if (!initConfig(arena.allocate(CONFIG_BYTES))) {
        throw new IllegalStateException("libwebp does not accept decoder ABI 0x0209");
      }
    }
  }

  @Override
  public RgbImage decode(byte[] bytes, int minSide, long maxPixels) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment config = arena.allocate(CONFIG_BYTES);
      MemorySegment webp = arena.allocateFrom(JAVA_BYTE, bytes);
      if (!initConfig(config)) return null;
      int status = (int) features.invokeExact(webp, webp.byteSize(), config, ABI_VERSION);
      if (status != 0 || config.get(JAVA_INT, HAS_ANIMATION) != 0) return null;
      int width = config.get(JAVA_INT, WIDTH);
      int height = config.get(JAVA_INT, HEIGHT);
      ContainerChecks.requirePixels(width, height, maxPixels);
      int step = ImageDecoder.subsamplingStep(width, height, minSide);
      int scaledWidth = Math.ceilDiv(width, step);
      int scaledHeight = Math.ceilDiv(height, step);
      boolean alpha = config.get(JAVA_INT, HAS_ALPHA) != 0;
      int channels = alpha ? 4 : 3;
      MemorySegment pixels = arena.allocate((long) scaledWidth * scaledHeight * channels);
      if (step > 1) {
        config.set(JAVA_INT, USE_SCALING, 1);
        config.set(JAVA_INT, SCALED_WIDTH, scaledWidth);
        config.set(JAVA_INT, SCALED_HEIGHT, scaledHeight);
      }
      config.set(JAVA_INT, COLOR_SPACE, alpha ? MODE_RGBA : MODE_RGB);
      config.set(JAVA_INT, EXTERNAL_MEMORY, 1);
      config.set(ADDRESS, RGBA_POINTER, pixels);
      config.set(JAVA_INT, RGBA_STRIDE, scaledWidth * channels);
      config.set(JAVA_LONG, RGBA_SIZE, pixels.byteSize());
      if ((int) webpDecode.invokeExact(webp, webp.byteSize(), config) != 0) return null;
      byte[] out = pixels.toArray(JAVA_BYTE);
      return new RgbImage(scaledWidth, scaledHeight, alpha ? RgbPixels.overWhite(out) : out,
          ImageFormat.WEBP.label(), width, height);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("libwebp call failed", e);
    }
  }

  private boolean initConfig(MemorySegment config) {
    try {
      return (int) initConfig.invokeExact(config, ABI_VERSION) != 0;
    } catch (Throwable e) {
      throw new IllegalStateException("libwebp call failed", e);
    }
  }
}
