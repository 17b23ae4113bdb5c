package dev.bayan.tools.model;

import java.util.List;

/** ONNX GraphProto: nodes in topological order, constant initializers, typed inputs and outputs. */
record OnnxGraph(String name, List<OnnxNode> nodes, List<OnnxTensor> initializers,
                 List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs) {
  OnnxGraph {
    nodes = List.copyOf(nodes);
    initializers = List.copyOf(initializers);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  ProtoWriter encode() {
    ProtoWriter w = new ProtoWriter();
    nodes.forEach(n -> w.message(1, n.encode()));
    w.string(2, name);
    initializers.forEach(t -> w.message(5, t.encode()));
    inputs.forEach(i -> w.message(11, i.encode()));
    outputs.forEach(o -> w.message(12, o.encode()));
    return w;
  }
}
