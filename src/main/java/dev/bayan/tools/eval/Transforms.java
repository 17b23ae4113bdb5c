package dev.bayan.tools.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of transform families, in report order; {@code --transforms} picks from these names. */
final class Transforms {
  private Transforms() {}

  /** The single edits (each also available to {@link Combination}, except the screenshot frame and rotate90). */
  private static List<Transform> singles() {
    return List.of(new JpegQuality(), new Resize(), new Crop(), new Letterbox(), new CaptionBar(), new MemeText(),
        new StickerOverlay(), new Watermark(), new HorizontalFlip(), new Rotate90(), new SmallRotation(),
        new ColourJitter(), new Greyscale(), new Blur(), new ScreenshotFrame());
  }

  /** Every family, the combination last. */
  static List<Transform> all() {
    List<Transform> singles = singles();
    List<Transform> combinable = singles.stream()
        .filter(t -> !(t instanceof ScreenshotFrame) && !(t instanceof Rotate90)).toList();
    List<Transform> all = new ArrayList<>(singles);
    all.add(new Combination(combinable));
    return List.copyOf(all);
  }

  static Map<String, Transform> byName() {
    Map<String, Transform> map = new LinkedHashMap<>();
    for (Transform t : all()) map.put(t.name(), t);
    return map;
  }

  /** {@code "jpeg,flip"} to those families (registry order kept); {@code null} or "all" for every one. */
  static List<Transform> select(String names) {
    if (names == null || names.isBlank() || names.equals("all")) return all();
    Map<String, Transform> known = byName();
    List<String> wanted = List.of(names.split(","));
    for (String name : wanted) {
      if (!known.containsKey(name.trim())) {
        throw new IllegalArgumentException("unknown transform '" + name.trim() + "' (known: "
            + String.join(", ", known.keySet()) + ")");
      }
    }
    return known.values().stream().filter(t -> wanted.stream().anyMatch(w -> w.trim().equals(t.name()))).toList();
  }
}
