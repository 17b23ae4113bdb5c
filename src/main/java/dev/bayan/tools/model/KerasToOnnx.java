package dev.bayan.tools.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates Keras layers (channels-last, as TF.js stores them) into ONNX nodes working in NCHW:
 * kernels are transposed once here, so the graph needs no layout transposes. Spatial sizes are
 * tracked statically (only the batch is dynamic), which is what resolves Keras' {@code same}
 * padding into explicit, possibly asymmetric ONNX pads.
 */
final class KerasToOnnx {

  /** A translated layer output: its ONNX name and its shape without the batch axis (C,H,W or F). */
  record Value(String name, int[] shape) {
    int channels() {
      return shape[0];
    }
  }

  /** What a ZeroPadding2D added to {@code source}, kept so a following conv can absorb it. */
  private record ZeroPad(Value source, int top, int bottom, int left, int right) {}

  private final GraphBuilder g;
  private final TfjsLayersModel model;
  private final boolean keepQuantized;
  private final Map<String, Value> outputs = new HashMap<>();
  private final Map<String, ZeroPad> zeroPads = new HashMap<>();
  private final Map<String, Integer> consumers = new HashMap<>();

  /**
   * @param keepQuantized store uint8 weights and dequantise them in the graph (ONNX Runtime folds
   *     that at load time); otherwise store the dequantised float32 values
   */
  KerasToOnnx(GraphBuilder g, TfjsLayersModel model, boolean keepQuantized) {
    this.g = g;
    this.model = model;
    this.keepQuantized = keepQuantized;
    model.layers().forEach(l -> l.inputs().forEach(in -> consumers.merge(in, 1, Integer::sum)));
  }

  /** Supplies the value an InputLayer stands for; call before {@link #translateAll()}. */
  void bindInput(String inputLayer, Value value) {
    KerasLayer layer = model.layer(inputLayer);
    int[] nhwc = layer.ints("batch_input_shape");
    int[] chw = {nhwc[3], nhwc[1], nhwc[2]};
    if (!Arrays.equals(chw, value.shape())) {
      throw new IllegalArgumentException(inputLayer + " expects CHW " + Arrays.toString(chw)
          + " but gets " + Arrays.toString(value.shape()));
    }
    outputs.put(inputLayer, value);
  }

  void translateAll() {
    for (KerasLayer layer : model.layers()) {
      if (!outputs.containsKey(layer.name())) {
        outputs.put(layer.name(), translate(layer));
      }
    }
  }

  Value output(String layerName) {
    Value v = outputs.get(layerName);
    if (v == null) {
      throw new IllegalArgumentException("layer " + layerName + " has not been translated");
    }
    return v;
  }

  /** The ONNX value holding weight {@code layer/param} in its Keras layout (for heads). */
  String weight(String layerName, String param) {
    return weight(model.weight(layerName + "/" + param));
  }

  private Value translate(KerasLayer layer) {
    return switch (layer.className()) {
      case "InputLayer" -> throw new IllegalStateException("input layer " + layer.name() + " is not bound");
      case "Conv2D" -> conv(layer, false);
      case "DepthwiseConv2D" -> conv(layer, true);
      case "BatchNormalization" -> batchNorm(layer);
      case "ReLU" -> relu(layer);
      case "Activation" -> activation(layer, in(layer), layer.text("activation", "linear"), layer.name());
      case "ZeroPadding2D" -> zeroPadding(layer);
      case "Add" -> add(layer);
      case "AveragePooling2D" -> averagePool(layer);
      case "GlobalAveragePooling2D" -> flatten(globalAveragePool(in(layer), layer.name() + "/gap"), layer.name());
      case "Flatten" -> flatten(in(layer), layer.name());
      case "Dense" -> dense(layer);
      case "Dropout" -> in(layer); // inference: identity
      default -> throw new IllegalArgumentException(
          "unsupported Keras layer " + layer.name() + " (" + layer.className() + ")");
    };
  }

  private Value in(KerasLayer layer) {
    return output(layer.input());
  }

  private Value conv(KerasLayer layer, boolean depthwise) {
    Value in = in(layer);
    int[] k = layer.ints("kernel_size");
    int[] s = layer.ints("strides");
    int[] d = layer.ints("dilation_rate");
    requireSpatial(layer, in);
    int inH = in.shape()[1];
    int inW = in.shape()[2];
    int[] padH = samePadding(layer, inH, k[0], s[0], d[0]);
    int[] padW = samePadding(layer, inW, k[1], s[1], d[1]);
    int outH = (inH + padH[0] + padH[1] - (k[0] - 1) * d[0] - 1) / s[0] + 1;
    int outW = (inW + padW[0] + padW[1] - (k[1] - 1) * d[1] - 1) / s[1] + 1;

    // a ZeroPadding2D read by this conv alone becomes part of the conv's own pads
    Value source = in;
    ZeroPad zp = zeroPads.get(layer.input());
    if (zp != null && consumers.get(layer.input()) == 1) {
      source = zp.source();
      padH = new int[] {padH[0] + zp.top(), padH[1] + zp.bottom()};
      padW = new int[] {padW[0] + zp.left(), padW[1] + zp.right()};
    }

    int channels = in.channels();
    int outChannels;
    String kernel;
    if (depthwise) {
      int multiplier = layer.config().path("depth_multiplier").asInt(1);
      outChannels = channels * multiplier;
      // [kh,kw,in,mult] -> [in,mult,kh,kw] = [in*mult,1,kh,kw]: output channel c*mult+m, as TF orders it
      TfjsWeight w = model.weight(layer.name() + "/depthwise_kernel");
      kernel = weight(w.transposed(2, 3, 0, 1).reshaped(outChannels, 1, k[0], k[1]));
    } else {
      outChannels = layer.config().path("filters").asInt();
      kernel = weight(model.weight(layer.name() + "/kernel").transposed(3, 2, 0, 1)); // HWIO -> OIHW
    }
    List<String> inputs = new ArrayList<>(List.of(source.name(), kernel));
    if (layer.config().path("use_bias").asBoolean(false)) {
      inputs.add(weight(layer.name(), "bias"));
    }
    String activation = layer.text("activation", "linear");
    String convOut = activation.equals("linear") ? layer.name() : layer.name() + "/conv";
    g.node("Conv", convOut, inputs,
        AttributeProto.ofInts("kernel_shape", k[0], k[1]),
        AttributeProto.ofInts("strides", s[0], s[1]),
        AttributeProto.ofInts("dilations", d[0], d[1]),
        AttributeProto.ofInts("pads", padH[0], padW[0], padH[1], padW[1]),
        AttributeProto.of("group", depthwise ? channels : 1));
    return activation(layer, new Value(convOut, new int[] {outChannels, outH, outW}), activation, layer.name());
  }

  /**
   * Padding {begin, end} along one axis. TF's {@code same} pads to cover {@code ceil(in/stride)}
   * outputs and puts the odd pixel at the end, which is why stride 2 pads asymmetrically.
   */
  private static int[] samePadding(KerasLayer layer, int in, int kernel, int stride, int dilation) {
    String padding = layer.text("padding", "valid");
    if (padding.equals("valid")) {
      return new int[] {0, 0};
    }
    if (!padding.equals("same")) {
      throw new IllegalArgumentException(layer.name() + ": padding " + padding + " is not supported");
    }
    int out = (in + stride - 1) / stride;
    int total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - in, 0);
    return new int[] {total / 2, total - total / 2};
  }

  private Value batchNorm(KerasLayer layer) {
    Value in = in(layer);
    int axis = layer.config().path("axis").asInt(-1);
    if (axis != -1 && axis != in.shape().length) {
      throw new IllegalArgumentException(layer.name() + ": batch norm over axis " + axis + " is not supported");
    }
    int c = in.channels();
    String gamma = layer.config().path("scale").asBoolean(true) ? weight(layer.name(), "gamma")
        : filled(layer, "gamma", c, 1f);
    String beta = layer.config().path("center").asBoolean(true) ? weight(layer.name(), "beta")
        : filled(layer, "beta", c, 0f);
    g.node("BatchNormalization", layer.name(),
        List.of(in.name(), gamma, beta, weight(layer.name(), "moving_mean"), weight(layer.name(), "moving_variance")),
        AttributeProto.of("epsilon", (float) layer.config().path("epsilon").asDouble(1e-3)));
    return new Value(layer.name(), in.shape());
  }

  private String filled(KerasLayer layer, String param, int count, float value) {
    float[] values = new float[count];
    Arrays.fill(values, value);
    return g.constant(TensorProto.floats(layer.name() + "/" + param, new long[] {count}, values));
  }

  private Value relu(KerasLayer layer) {
    Value in = in(layer);
    var cfg = layer.config();
    if (cfg.path("negative_slope").asDouble(0) != 0 || cfg.path("threshold").asDouble(0) != 0) {
      throw new IllegalArgumentException(layer.name() + ": leaky or thresholded ReLU is not supported");
    }
    if (cfg.path("max_value").isNumber()) {
      float max = (float) cfg.path("max_value").asDouble();
      g.node("Clip", layer.name(), List.of(in.name(), g.scalar(0f), g.scalar(max)));
    } else {
      g.node("Relu", layer.name(), List.of(in.name()));
    }
    return new Value(layer.name(), in.shape());
  }

  private Value activation(KerasLayer layer, Value in, String activation, String out) {
    String op = switch (activation) {
      case "linear" -> null;
      case "relu" -> "Relu";
      case "sigmoid" -> "Sigmoid";
      case "tanh" -> "Tanh";
      case "softmax" -> "Softmax";
      case "relu6" -> "Clip";
      default -> throw new IllegalArgumentException(layer.name() + ": activation " + activation + " is not supported");
    };
    if (op == null) {
      return in;
    }
    switch (op) {
      // Keras' softmax runs over the last (channel) axis, which is axis 1 in NCHW and in [N,F]
      case "Softmax" -> g.node(op, out, List.of(in.name()), AttributeProto.of("axis", 1));
      case "Clip" -> g.node(op, out, List.of(in.name(), g.scalar(0f), g.scalar(6f)));
      default -> g.node(op, out, List.of(in.name()));
    }
    return new Value(out, in.shape());
  }

  private Value zeroPadding(KerasLayer layer) {
    Value in = in(layer);
    requireSpatial(layer, in);
    var p = layer.config().path("padding");
    if (!p.isArray() || p.size() != 2 || !p.get(0).isArray()) {
      throw new IllegalArgumentException(layer.name() + ": padding must be ((top,bottom),(left,right))");
    }
    int top = p.get(0).get(0).asInt();
    int bottom = p.get(0).get(1).asInt();
    int left = p.get(1).get(0).asInt();
    int right = p.get(1).get(1).asInt();
    String pads = g.constant(TensorProto.int64s(layer.name() + "/pads", new long[] {8},
        0, 0, top, left, 0, 0, bottom, right));
    g.node("Pad", layer.name(), List.of(in.name(), pads));
    zeroPads.put(layer.name(), new ZeroPad(in, top, bottom, left, right));
    return new Value(layer.name(),
        new int[] {in.channels(), in.shape()[1] + top + bottom, in.shape()[2] + left + right});
  }

  private Value add(KerasLayer layer) {
    List<Value> ins = layer.inputs().stream().map(this::output).toList();
    String acc = ins.get(0).name();
    for (int i = 1; i < ins.size(); i++) {
      if (!Arrays.equals(ins.get(0).shape(), ins.get(i).shape())) {
        throw new IllegalArgumentException(layer.name() + ": adding different shapes");
      }
      String out = i == ins.size() - 1 ? layer.name() : layer.name() + "/" + i;
      acc = g.node("Add", out, List.of(acc, ins.get(i).name()));
    }
    return new Value(acc, ins.get(0).shape());
  }

  private Value averagePool(KerasLayer layer) {
    Value in = in(layer);
    requireSpatial(layer, in);
    int[] k = layer.ints("pool_size");
    int[] s = layer.config().path("strides").isArray() ? layer.ints("strides") : k;
    int h = in.shape()[1];
    int w = in.shape()[2];
    if (layer.text("padding", "valid").equals("valid") && k[0] == h && k[1] == w) {
      return globalAveragePool(in, layer.name());
    }
    int[] padH = samePadding(layer, h, k[0], s[0], 1);
    int[] padW = samePadding(layer, w, k[1], s[1], 1);
    // count_include_pad stays 0: TF averages 'same' windows over the real pixels only
    g.node("AveragePool", layer.name(), List.of(in.name()),
        AttributeProto.ofInts("kernel_shape", k[0], k[1]),
        AttributeProto.ofInts("strides", s[0], s[1]),
        AttributeProto.ofInts("pads", padH[0], padW[0], padH[1], padW[1]));
    return new Value(layer.name(), new int[] {in.channels(),
        (h + padH[0] + padH[1] - k[0]) / s[0] + 1, (w + padW[0] + padW[1] - k[1]) / s[1] + 1});
  }

  private Value globalAveragePool(Value in, String out) {
    g.node("GlobalAveragePool", out, List.of(in.name()));
    return new Value(out, new int[] {in.channels(), 1, 1});
  }

  /** Keras flattens channels-last: with a spatial extent, go back to NHWC first to keep that order. */
  Value flatten(Value in, String out) {
    if (in.shape().length == 1) {
      return in;
    }
    String src = in.name();
    if (in.shape()[1] != 1 || in.shape()[2] != 1) {
      src = g.node("Transpose", out + "/nhwc", List.of(src), AttributeProto.ofInts("perm", 0, 2, 3, 1));
    }
    g.node("Flatten", out, List.of(src), AttributeProto.of("axis", 1));
    return new Value(out, new int[] {Arrays.stream(in.shape()).reduce(1, (a, b) -> a * b)});
  }

  private Value dense(KerasLayer layer) {
    Value in = in(layer);
    if (in.shape().length != 1) {
      throw new IllegalArgumentException(layer.name() + ": Dense on a " + in.shape().length
          + "-d input is not supported");
    }
    int units = layer.config().path("units").asInt();
    List<String> inputs = new ArrayList<>(List.of(in.name(), weight(layer.name(), "kernel"))); // [in, units]
    if (layer.config().path("use_bias").asBoolean(true)) {
      inputs.add(weight(layer.name(), "bias"));
    }
    String activation = layer.text("activation", "linear");
    String gemmOut = activation.equals("linear") ? layer.name() : layer.name() + "/gemm";
    g.node("Gemm", gemmOut, inputs);
    return activation(layer, new Value(gemmOut, new int[] {units}), activation, layer.name());
  }

  private static void requireSpatial(KerasLayer layer, Value in) {
    if (in.shape().length != 3) {
      throw new IllegalArgumentException(layer.name() + " needs an image-shaped input, got "
          + Arrays.toString(in.shape()));
    }
    if (!layer.text("data_format", "channels_last").equals("channels_last")) {
      throw new IllegalArgumentException(layer.name() + ": only channels_last models are supported");
    }
  }

  /** Emits a weight once, under its TF.js name, in the layout given (already transposed). */
  private String weight(TfjsWeight w) {
    String name = w.name();
    if (g.has(name)) {
      return name;
    }
    long[] dims = Arrays.stream(w.shape()).asLongStream().toArray();
    if (!w.isQuantized() || !keepQuantized) {
      float[] values = new float[w.count()];
      for (int i = 0; i < values.length; i++) {
        values[i] = w.value(i);
      }
      return g.constant(TensorProto.floats(name, dims, values));
    }
    String q = g.constant(new TensorProto(name + "/q", TensorProto.UINT8, dims, w.quantized()));
    String asFloat = g.node("Cast", name + "/float", List.of(q), AttributeProto.of("to", TensorProto.FLOAT));
    String scaled = g.node("Mul", name + "/scaled",
        List.of(asFloat, g.constant(TensorProto.scalar(name + "/scale", (float) w.scale()))));
    return g.node("Add", name, List.of(scaled, g.constant(TensorProto.scalar(name + "/min", (float) w.min()))));
  }
}
