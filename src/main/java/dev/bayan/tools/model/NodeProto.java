package dev.bayan.tools.model;

import java.util.List;

/** ONNX NodeProto: one operator of the default domain. */
record NodeProto(String opType, String name, List<String> inputs, List<String> outputs,
                List<AttributeProto> attributes) {
  NodeProto {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = List.copyOf(attributes);
  }

  ProtoWriter encode() {
    ProtoWriter w = new ProtoWriter();
    inputs.forEach(i -> w.string(1, i));
    outputs.forEach(o -> w.string(2, o));
    w.string(3, name).string(4, opType);
    attributes.forEach(a -> w.message(5, a.encode()));
    return w;
  }
}
