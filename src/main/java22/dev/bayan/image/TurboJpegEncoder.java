package dev.bayan.image;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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

  private final TurboJpeg turbo = new TurboJpeg("tjInitCompress");
  private final MethodHandle bufSize;
  private final MethodHandle compress;

  TurboJpegEncoder() {
    bufSize = turbo.library.function("tjBufSize", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT));
    compress = turbo.library.function("tjCompress2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
        JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
  }

  @Override
  public byte[] encode(byte[] rgb, int width, int height, int quality) {
    JpegEncoder.requireSize(rgb, width, height);
    byte[] jpeg = turbo.call((arena, handle) -> {
      long capacity = (long) bufSize.invokeExact(width, height, TJSAMP_420);
      MemorySegment out = arena.allocate(capacity);
      MemorySegment outPointer = arena.allocateFrom(ADDRESS, out);
      MemorySegment outSize = arena.allocateFrom(JAVA_LONG, capacity);
      int status = (int) compress.invokeExact(handle, arena.allocateFrom(JAVA_BYTE, rgb), width, 0, height,
          TJPF_RGB, outPointer, outSize, TJSAMP_420, quality, TJFLAG_NOREALLOC);
      if (status != 0) throw new IllegalStateException("tjCompress2 failed for a " + width + "x" + height + " image");
      return out.asSlice(0, outSize.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
    });
    if (jpeg == null) throw new IllegalStateException("tjInitCompress failed");
    return jpeg;
  }
}
