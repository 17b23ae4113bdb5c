package dev.bayan.config;

import java.util.List;

/**
 * The ONNX image model: where it is and how to feed it. Any image model fits by configuration.
 *
 * @param layout {@code NCHW} or {@code NHWC}
 * @param mean per-channel value subtracted from 0..255 RGB (before dividing by std)
 * @param std per-channel divisor
 * @param output the output holding the embedding that is indexed
 * @param normalize L2-normalise the output (on for models whose output is not normalised)
 */
public record ModelConfig(String id, String path, String input, String output, int size,
                          String layout, List<Double> mean, List<Double> std, boolean normalize) {
  public ModelConfig {
    Checks.require(id != null && !id.isBlank(), "model.id is required");
    Checks.require(path != null && !path.isBlank(), "model.path is required");
    Checks.require(size >= 16 && size <= 1024, "model.size must be 16..1024");
    Checks.require("NCHW".equals(layout) || "NHWC".equals(layout), "model.layout must be NCHW or NHWC");
    Checks.require(mean != null && mean.size() == 3, "model.mean needs 3 values");
    Checks.require(std != null && std.size() == 3 && std.stream().allMatch(v -> v > 0),
        "model.std needs 3 positive values");
  }
}
