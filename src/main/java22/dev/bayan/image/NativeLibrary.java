package dev.bayan.image;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** A shared library opened once for the JVM's lifetime, and typed handles to its functions. */
final class NativeLibrary {
  private final String name;
  private final SymbolLookup symbols;

  /** Fails with IllegalArgumentException when the library is not installed. */
  NativeLibrary(String name) {
    this.name = name;
    this.symbols = SymbolLookup.libraryLookup(name, Arena.global());
  }

  MethodHandle function(String symbol, FunctionDescriptor signature, Linker.Option... options) {
    return Linker.nativeLinker().downcallHandle(symbols.find(symbol)
        .orElseThrow(() -> new IllegalArgumentException(name + " has no " + symbol)), signature, options);
  }
}
