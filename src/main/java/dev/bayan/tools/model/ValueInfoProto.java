package dev.bayan.tools.model;

import java.util.List;

/** ONNX ValueInfoProto of a tensor (graph input or output), with its TypeProto inside. */
record ValueInfoProto(String name, int elemType, List<Dim> shape) {
  ValueInfoProto {
    shape = List.copyOf(shape);
  }

  /** A fixed size, or a named symbolic one when {@code param} is set (the dynamic batch). */
  record Dim(long value, String param) {
    static Dim of(long value) {
      return new Dim(value, null);
    }

    static Dim named(String param) {
      return new Dim(0, param);
    }
  }

  /** A float tensor whose first axis is the dynamic batch {@code N}. */
  static ValueInfoProto batchOfFloats(String name, long... perItem) {
    var dims = new java.util.ArrayList<Dim>();
    dims.add(Dim.named("N"));
    for (long d : perItem) {
      dims.add(Dim.of(d));
    }
    return new ValueInfoProto(name, TensorProto.FLOAT, dims);
  }

  ProtoWriter encode() {
    ProtoWriter dims = new ProtoWriter();
    for (Dim d : shape) {
      ProtoWriter dim = d.param() == null
          ? new ProtoWriter().int64(1, d.value())
          : new ProtoWriter().string(2, d.param());
      dims.message(1, dim);
    }
    ProtoWriter tensorType = new ProtoWriter().int64(1, elemType).message(2, dims);
    ProtoWriter type = new ProtoWriter().message(1, tensorType);
    return new ProtoWriter().string(1, name).message(2, type);
  }
}
