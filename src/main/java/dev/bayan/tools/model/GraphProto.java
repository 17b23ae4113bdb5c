package dev.bayan.tools.model;

import java.util.List;

/** ONNX GraphProto: nodes in topological order, constant initializers, typed inputs and outputs. */
record GraphProto(String name, List<NodeProto> nodes, List<TensorProto> initializers,
                 List<ValueInfoProto> inputs, List<ValueInfoProto> outputs) {
  GraphProto {
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
