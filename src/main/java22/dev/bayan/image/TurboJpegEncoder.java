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
 * JPEG encoding through TurboJPEG's {@code tjCompress2} (SIMD colour conversion and DCT), 4:2:0 like
 * ImageIO's default, into a buffer of {@code tjBufSize} bytes that the library is told not to grow.
 */
final class TurboJpegEncoder implements JpegEncoder {
  private static final int TJPF_RGB = 0;
  private static final int TJSAMP_420 = 2;
  private static final int TJFLAG_NOREALLOC = 1024;

  private final MethodHandle init;
  private final MethodHandle bufSize;
  private final MethodHandle compress;
  private final MethodHandle destroy;

  TurboJpegEncoder() {
    NativeLibrary lib = new NativeLibrary("libturbojpeg.so.0");
    init = lib.function("tjInitCompress", FunctionDescriptor.of(ADDRESS));
    bufSize = lib.function("tjBufSize", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT));
    compress = lib.function("tjCompress2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT,
        JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    destroy = lib.function("tjDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  }

  @Override
  public byte[] encode(byte[] rgb, int width, int height, int quality) {
    JpegEncoder.requireSize(rgb, width, height);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment handle = (MemorySegment) init.invokeExact();
      if (handle.address() == 0) throw new IllegalStateException("tjInitCompress failed");
      try {
        long capacity = (long) bufSize.invokeExact(width, height, TJSAMP_420);
        MemorySegment out = arena.allocate(capacity);
        MemorySegment outPointer = arena.allocateFrom(ADDRESS, out);
        MemorySegment outSize = arena.allocateFrom(JAVA_LONG, capacity);
        int status = (int) compress.invokeExact(handle, arena.allocateFrom(JAVA_BYTE, rgb), width, 0, height,
            TJPF_RGB, outPointer, outSize, TJSAMP_420, quality, TJFLAG_NOREALLOC);
        if (status != 0) throw new IllegalStateException("tjCompress2 failed for a " + width + "x" + height + " image");
        return out.asSlice(0, outSize.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
      } finally {
        int ignored = (int) destroy.invokeExact(handle);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("libturbojpeg call failed", e);
    }
  }
}
