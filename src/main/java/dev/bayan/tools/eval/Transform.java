package dev.bayan.tools.eval;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * One family of edits a reposter makes. {@link #apply} draws its parameters from {@code random}
 * only, so the same seed gives the same copy; it never changes its input.
 */
interface Transform {
  /** Short stable name: the row of the per-transform table and the {@code --transforms} value. */
  String name();

  /** What it does and the parameter ranges, for the report and the README. */
  String description();

  Edited apply(BufferedImage image, Random random);

  /** An edited copy and a label that names the parameters drawn (e.g. {@code crop 17%}). */
  record Edited(BufferedImage image, String label) {}
}
