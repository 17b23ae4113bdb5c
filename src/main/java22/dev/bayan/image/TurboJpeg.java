package dev.bayan.image;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** libturbojpeg, and the life of one TurboJPEG handle per call: shared by the decoder and the encoder. */
final class TurboJpeg {
  /** Work done with a fresh handle; its memory lives in {@code arena} and ends with the call. */
  interface Call<T> {
    T run(Arena arena, MemorySegment handle) throws Throwable;
  }

  final NativeLibrary library = new NativeLibrary("libturbojpeg.so.0");
  private final MethodHandle init;
  private final MethodHandle destroy;

  /** @param initFunction {@code tjInitDecompress} or {@code tjInitCompress} */
  TurboJpeg(String initFunction) {
    init = library.function(initFunction, FunctionDescriptor.of(ADDRESS));
    destroy = library.function("tjDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  }

  /** Runs {@code body} with a new handle, destroyed afterwards; null when no handle could be made. */
  <T> T call(Call<T> body) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment handle = (MemorySegment) init.invokeExact();
      if (handle.address() == 0) return null;
      try {
        return body.run(arena, handle);
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
