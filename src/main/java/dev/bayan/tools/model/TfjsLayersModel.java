package dev.bayan.tools.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TF.js "layers" model: the Keras topology plus decoded weights. Reads either the plain form
 * ({@code model.json} + binary shards) or the form nsfwjs bundles (the same JSON and the shards
 * base64-encoded, each as a JS module {@code model.min.js}, {@code group1-shard1of1.min.js}).
 *
 * @param layers in the topology's order, which is topological
 * @param outputLayers the layers whose outputs are the model's outputs
 * @param weights by TF.js weight name ({@code layer/param})
 */
record TfjsLayersModel(List<KerasLayer> layers, List<String> outputLayers, Map<String, TfjsWeight> weights) {

  static TfjsLayersModel load(NpmPackage pkg, String dir) throws IOException {
    JsonNode model = pkg.exists(dir + "/model.json")
        ? new ObjectMapper().readTree(pkg.read(dir + "/model.json"))
        : JsLiteralParser.exportedValue(text(pkg.read(dir + "/model.min.js")));
    JsonNode topology = model.path("modelTopology");
    JsonNode config = (topology.has("model_config") ? topology.get("model_config") : topology).path("config");
    List<KerasLayer> layers = new ArrayList<>();
    config.path("layers").forEach(l -> layers.add(KerasLayer.of(l)));
    List<String> outputs = new ArrayList<>();
    config.path("output_layers").forEach(o -> outputs.add(o.get(0).asText()));
    if (layers.isEmpty() || outputs.isEmpty()) {
      throw new IOException(dir + ": no Keras functional model in the topology");
    }
    Map<String, TfjsWeight> weights = new LinkedHashMap<>();
    for (JsonNode group : model.path("weightsManifest")) {
      decodeGroup(group, shards(pkg, dir, group), weights);
    }
    return new TfjsLayersModel(List.copyOf(layers), List.copyOf(outputs), weights);
  }

  TfjsWeight weight(String name) {
    TfjsWeight w = weights.get(name);
    if (w == null) {
      throw new IllegalArgumentException("the model has no weight " + name);
    }
    return w;
  }

  KerasLayer layer(String name) {
    return layers.stream().filter(l -> l.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the model has no layer " + name));
  }

  /** The group's shards, concatenated in manifest order. */
  private static byte[] shards(NpmPackage pkg, String dir, JsonNode group) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (JsonNode p : group.path("paths")) {
      String path = dir + "/" + p.asText();
      if (pkg.exists(path)) {
        all.writeBytes(pkg.read(path));
      } else {
        String base64 = JsLiteralParser.exportedValue(text(pkg.read(path + ".min.js"))).asText();
        all.writeBytes(Base64.getDecoder().decode(base64));
      }
    }
    return all.toByteArray();
  }

  private static void decodeGroup(JsonNode group, byte[] data, Map<String, TfjsWeight> out) throws IOException {
    int offset = 0;
    for (JsonNode spec : group.path("weights")) {
      String name = spec.path("name").asText();
      int[] shape = new int[spec.path("shape").size()];
      int count = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = spec.path("shape").get(i).asInt();
        count *= shape[i];
      }
      if (!spec.path("dtype").asText().equals("float32")) {
        throw new IOException("weight " + name + ": dtype " + spec.path("dtype") + " is not supported");
      }
      JsonNode q = spec.get("quantization");
      int bytes = q == null ? count * 4 : count;
      if (offset + bytes > data.length) {
        throw new IOException("weight " + name + " runs past the end of its shards");
      }
      if (q == null) {
        float[] values = new float[count];
        ByteBuffer.wrap(data, offset, bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        out.put(name, TfjsWeight.float32(name, shape, values));
      } else if (q.path("dtype").asText().equals("uint8")) {
        byte[] raw = java.util.Arrays.copyOfRange(data, offset, offset + bytes);
        out.put(name, TfjsWeight.quantizedUint8(name, shape, raw,
            q.path("scale").asDouble(), q.path("min").asDouble()));
      } else {
        throw new IOException("weight " + name + ": quantization " + q.path("dtype") + " is not supported");
      }
      offset += bytes;
    }
    if (offset != data.length) {
      throw new IOException("shards hold " + data.length + " bytes but the manifest describes " + offset);
    }
  }

  private static String text(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
