package dev.bayan.tools.model;

import dev.bayan.tools.model.KerasToOnnx.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ONNX contract Bayan expects from the nsfwjs MobileNetV2: input {@code input} float32
 * {@code [N,3,224,224]} RGB 0..255 (the /255 nsfwjs does in JS is inside the graph), outputs
 * {@code probs} [N,5], {@code embedding} [N,1280] and {@code embedding_mid} [N,576], both
 * embeddings L2-normalised. The cut variant stops after {@code embedding_mid}.
 */
final class NsfwjsExport {
  static final String MODEL_DIR = "dist/models/mobilenet_v2";
  static final List<String> LABELS = List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy");
  /** Its pooled input, standardised by its own statistics, separates near-duplicates well. */
  static final String MID_LAYER = "block_11_expand_BN";
  static final String INPUT = "input";
  static final String PROBS = "probs";
  static final String EMBEDDING = "embedding";
  static final String EMBEDDING_MID = "embedding_mid";

  private NsfwjsExport() {}

  /**
   * @param cut keep only what {@code embedding_mid} needs
   * @param keepQuantized keep the uint8 weights (4x smaller file) instead of float32
   */
  static ModelProto build(TfjsLayersModel model, boolean cut, boolean keepQuantized, String source) {
    GraphBuilder g = new GraphBuilder();
    KerasToOnnx keras = new KerasToOnnx(g, model, keepQuantized);

    KerasLayer inputLayer = model.layers().stream().filter(l -> l.className().equals("InputLayer"))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("the model has no InputLayer"));
    int[] nhwc = inputLayer.ints("batch_input_shape");
    int size = nhwc[1];
    g.node("Div", "pixels_0_1", List.of(INPUT, g.scalar(255f)));
    keras.bindInput(inputLayer.name(), new Value("pixels_0_1", new int[] {nhwc[3], nhwc[1], nhwc[2]}));
    keras.translateAll();

    List<ValueInfoProto> outputs = new ArrayList<>();
    if (!cut) {
      Value scores = keras.output(model.outputLayers().get(0));
      require(scores.shape().length == 1 && scores.shape()[0] == LABELS.size(), "the model's output is not 5 scores");
      g.node("Identity", PROBS, List.of(scores.name()));
      outputs.add(ValueInfoProto.batchOfFloats(PROBS, LABELS.size()));

      Value pooled = keras.flatten(keras.output(lastPoolingLayer(model)), "pooled_features");
      l2Normalised(g, pooled.name(), EMBEDDING);
      outputs.add(ValueInfoProto.batchOfFloats(EMBEDDING, pooled.shape()[0]));
    }

    // (GAP(bn(x)) - beta) / gamma = GAP((x - mean) / sqrt(var + eps)): the layer's input, standardised
    Value mid = keras.output(MID_LAYER);
    g.node("GlobalAveragePool", "mid/gap", List.of(mid.name()));
    g.node("Flatten", "mid/pooled", List.of("mid/gap"), AttributeProto.of("axis", 1));
    g.node("Sub", "mid/centred", List.of("mid/pooled", keras.weight(MID_LAYER, "beta")));
    g.node("Div", "mid/standardised", List.of("mid/centred", keras.weight(MID_LAYER, "gamma")));
    l2Normalised(g, "mid/standardised", EMBEDDING_MID);
    outputs.add(ValueInfoProto.batchOfFloats(EMBEDDING_MID, mid.channels()));

    GraphProto graph = g.build(cut ? "nsfwjs_mobilenet_v2_cut" : "nsfwjs_mobilenet_v2",
        List.of(ValueInfoProto.batchOfFloats(INPUT, 3, size, size)), outputs);
    return new ModelProto(7, 13, "bayan-convert-nsfwjs", "1", graph, Map.of(
        "source", source,
        "license", "MIT, Copyright (c) 2019 Infinite Red, Inc. (LICENSE.nsfwjs)",
        "input", "RGB NCHW float32 0..255, " + size + "x" + size,
        "labels", String.join(",", LABELS),
        "embedding_mid", "L2((GAP(" + MID_LAYER + ") - beta) / gamma)"));
  }

  /** x / max(||x||, 1e-12) along axis 1; a zero vector stays zero instead of becoming NaN. */
  private static void l2Normalised(GraphBuilder g, String x, String out) {
    g.node("ReduceL2", out + "/norm", List.of(x), AttributeProto.ofInts("axes", 1), AttributeProto.of("keepdims", 1));
    g.node("Max", out + "/safe_norm", List.of(out + "/norm", g.scalar(1e-12f)));
    g.node("Div", out, List.of(x, out + "/safe_norm"));
  }

  /** The pooling that makes the penultimate features (the last average pooling of the net). */
  private static String lastPoolingLayer(TfjsLayersModel model) {
    for (int i = model.layers().size() - 1; i >= 0; i--) {
      KerasLayer l = model.layers().get(i);
      if (l.className().equals("AveragePooling2D") || l.className().equals("GlobalAveragePooling2D")) {
        return l.name();
      }
    }
    throw new IllegalArgumentException("the model has no average pooling layer");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
