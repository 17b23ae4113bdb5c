package dev.bayan.tools.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects nodes and initializers of one ONNX graph. {@link #build} keeps only what the chosen
 * outputs need, so a translator may emit freely (a Pad later merged into a Conv, a whole tail of
 * layers for a cut model) and let the unused parts fall away.
 */
final class GraphBuilder {
  private final List<NodeProto> nodes = new ArrayList<>();
  private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
  private final Set<String> names = new HashSet<>();

  /** Appends a node with a single output called {@code output}; returns that name. */
  String node(String op, String output, List<String> inputs, AttributeProto... attributes) {
    claim(output);
    nodes.add(new NodeProto(op, output, inputs, List.of(output), Arrays.asList(attributes)));
    return output;
  }

  /** Adds a constant; returns its name. */
  String constant(TensorProto tensor) {
    claim(tensor.name());
    initializers.put(tensor.name(), tensor);
    return tensor.name();
  }

  /** A float scalar constant, shared by everyone who asks for the same value. */
  String scalar(float value) {
    String name = "const_" + Float.toString(value).replace('-', 'm');
    return names.contains(name) ? name : constant(TensorProto.scalar(name, value));
  }

  /** {@code base} if still free, else {@code base_2}, {@code base_3}, ... */
  String fresh(String base) {
    String name = base;
    for (int i = 2; names.contains(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  boolean has(String name) {
    return names.contains(name);
  }

  private void claim(String name) {
    if (!names.add(name)) {
      throw new IllegalStateException("value name used twice: " + name);
    }
  }

  /** The graph that computes {@code outputs} from {@code inputs}, without dead nodes. */
  GraphProto build(String name, List<ValueInfoProto> inputs, List<ValueInfoProto> outputs) {
    Set<String> needed = new HashSet<>();
    outputs.forEach(o -> needed.add(o.name()));
    ArrayDeque<NodeProto> kept = new ArrayDeque<>();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      NodeProto node = nodes.get(i);
      if (node.outputs().stream().anyMatch(needed::contains)) {
        kept.addFirst(node);
        needed.addAll(node.inputs());
      }
    }
    Set<String> available = new HashSet<>(initializers.keySet());
    inputs.forEach(in -> available.add(in.name()));
    kept.forEach(n -> available.addAll(n.outputs()));
    for (String n : needed) {
      if (!available.contains(n)) {
        throw new IllegalStateException("graph needs " + n + " but nothing produces it");
      }
    }
    List<TensorProto> usedConstants = initializers.values().stream()
        .filter(t -> needed.contains(t.name())).toList();
    return new GraphProto(name, List.copyOf(kept), usedConstants, inputs, outputs);
  }
}
