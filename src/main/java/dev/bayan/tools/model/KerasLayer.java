package dev.bayan.tools.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer of a Keras functional model as TF.js stores it: its class, its config and the
 * layers whose outputs it takes (each layer called once, as in every model we convert).
 */
record KerasLayer(String name, String className, JsonNode config, List<String> inputs) {
  KerasLayer {
    inputs = List.copyOf(inputs);
  }

  static KerasLayer of(JsonNode layer) {
    String name = layer.path("name").asText(layer.path("config").path("name").asText());
    JsonNode calls = layer.path("inbound_nodes");
    if (calls.size() > 1) {
      throw new IllegalArgumentException("layer " + name + " is called " + calls.size()
          + " times; shared layers are not supported");
    }
    List<String> inputs = new ArrayList<>();
    if (calls.size() == 1) {
      for (JsonNode in : calls.get(0)) {
        if (in.get(1).asInt() != 0 || in.get(2).asInt() != 0) {
          throw new IllegalArgumentException("layer " + name + " reads a second output of " + in.get(0).asText());
        }
        inputs.add(in.get(0).asText());
      }
    }
    return new KerasLayer(name, layer.path("class_name").asText(), layer.path("config"), inputs);
  }

  int[] ints(String key) {
    JsonNode arr = config.path(key);
    int[] out = new int[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asInt();
    }
    return out;
  }

  String text(String key, String fallback) {
    JsonNode v = config.get(key);
    return v == null || v.isNull() ? fallback : v.asText();
  }

  String input() {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("layer " + name + " has " + inputs.size() + " inputs, expected 1");
    }
    return inputs.get(0);
  }
}
