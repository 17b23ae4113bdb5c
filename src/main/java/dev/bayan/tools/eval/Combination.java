package dev.bayan.tools.eval;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two or three different edits one after the other (e.g. crop, then caption, then JPEG). A JPEG
 * re-encode, when drawn, always comes last, as it would when the edited picture is saved.
 */
final class Combination implements Transform {
  private final List<Transform> parts;

  /** @param parts the single edits it draws from (two or three distinct ones per copy) */
  Combination(List<Transform> parts) {
    if (parts.size() < 3) throw new IllegalArgumentException("a combination needs at least three edits to draw from");
    this.parts = List.copyOf(parts);
  }

  @Override
  public String name() {
    return "combo";
  }

  @Override
  public String description() {
    return "2 or 3 distinct edits from {" + String.join(", ", parts.stream().map(Transform::name).toList())
        + "} applied in turn (JPEG last when drawn)";
  }

  @Override
  public Edited apply(BufferedImage image, Random random) {
    List<Transform> pool = new ArrayList<>(parts);
    java.util.Collections.shuffle(pool, random);
    List<Transform> chosen = new ArrayList<>(pool.subList(0, Canvas.between(random, 2, 3)));
    chosen.sort((a, b) -> Boolean.compare(a instanceof JpegQuality, b instanceof JpegQuality));
    BufferedImage current = image;
    List<String> labels = new ArrayList<>();
    for (Transform t : chosen) {
      Edited step = t.apply(current, random);
      current = step.image();
      labels.add(step.label());
    }
    return new Edited(current, "combo: " + String.join(" + ", labels));
  }
}
