package dev.bayan.config;

/** Validation for the compact constructors of the configuration records. */
final class Checks {
  private Checks() {}

  static void require(boolean condition, String message) {
    if (!condition) throw new IllegalArgumentException(message);
  }
}
