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
 * JPEG through libjpeg-turbo's TurboJPEG API: SIMD decoding, and DCT scaling (1/2, 1/4, 1/8), which
 * skips most of the inverse DCT of a large photo instead of decoding every pixel and dropping most.
 * CMYK/YCCK files and any warning or error go to the Java path. Embedded ICC profiles are not applied
 * (the Java path converts some of them); the CNN and PDQ do not notice such small colour shifts.
 */
final class TurboJpegDecoder implements FastDecoder {
  private static final int TJPF_RGB = 0;
  private static final int TJCS_CMYK = 3;
  private static final int TJCS_YCCK = 4;
  private static final int TJFLAG_LIMITSCANS = 32768;

  private final TurboJpeg turbo = new TurboJpeg("tjInitDecompress");
  private final MethodHandle header;
  private final MethodHandle decompress;

  TurboJpegDecoder() {
    NativeLibrary lib = turbo.library;
    header = lib.function("tjDecompressHeader3",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    decompress = lib.function("tjDecompress2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG,
        ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  }

  @Override
  public RgbImage decode(byte[] bytes, int minSide, long maxPixels) {
    return turbo.call((arena, handle) -> decode(arena, handle, arena.allocateFrom(JAVA_BYTE, bytes), minSide,
        maxPixels));
  }

  private RgbImage decode(Arena arena, MemorySegment handle, MemorySegment jpeg, int minSide, long maxPixels)
      throws Throwable {
    MemorySegment info = arena.allocate(JAVA_INT, 4); // width, height, subsampling, colour space
    int status = (int) header.invokeExact(handle, jpeg, jpeg.byteSize(), info, info.asSlice(4), info.asSlice(8),
        info.asSlice(12));
    if (status != 0) return null;
    int width = info.getAtIndex(JAVA_INT, 0);
    int height = info.getAtIndex(JAVA_INT, 1);
    int colorSpace = info.getAtIndex(JAVA_INT, 3);
    if (colorSpace == TJCS_CMYK || colorSpace == TJCS_YCCK) return null;
    ContainerChecks.requirePixels(width, height, maxPixels);
    int denominator = scaleDenominator(Math.min(width, height), minSide);
    int scaledWidth = Math.ceilDiv(width, denominator);
    int scaledHeight = Math.ceilDiv(height, denominator);
    MemorySegment rgb = arena.allocate((long) scaledWidth * scaledHeight * 3);
    status = (int) decompress.invokeExact(handle, jpeg, jpeg.byteSize(), rgb, scaledWidth, 0, scaledHeight,
        TJPF_RGB, TJFLAG_LIMITSCANS);
    if (status != 0) return null; // warnings included: a damaged file gets the Java path's verdict
    return new RgbImage(scaledWidth, scaledHeight, rgb.toArray(JAVA_BYTE), ImageFormat.JPEG.label(), width, height);
  }

  /** The largest of 8, 4, 2, 1 that keeps {@code ceil(shortSide / d) >= minSide}. */
  static int scaleDenominator(int shortSide, int minSide) {
    int d = 8;
    while (d > 1 && Math.ceilDiv(shortSide, d) < minSide) d /= 2;
    return d;
  }
}
