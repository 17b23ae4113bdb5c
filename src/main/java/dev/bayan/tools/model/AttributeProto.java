package dev.bayan.tools.model;

/** ONNX AttributeProto for the three kinds our graphs use: one int, a list of ints, one float. */
record AttributeProto(String name, Kind kind, long[] ints, float f) {
  /** The values are ONNX's AttributeType numbers. */
  enum Kind {
    FLOAT(1), INT(2), INTS(7);

    final int code;

    Kind(int code) {
      this.code = code;
    }
  }

  static AttributeProto of(String name, long value) {
    return new AttributeProto(name, Kind.INT, new long[] {value}, 0f);
  }

  static AttributeProto ofInts(String name, long... values) {
    return new AttributeProto(name, Kind.INTS, values, 0f);
  }

  static AttributeProto of(String name, float value) {
    return new AttributeProto(name, Kind.FLOAT, new long[0], value);
  }

  ProtoWriter encode() {
    ProtoWriter w = new ProtoWriter().string(1, name);
    switch (kind) {
      case FLOAT -> w.float32(2, f);
      case INT -> w.int64(3, ints[0]);
      case INTS -> {
        for (long v : ints) {
          w.int64(8, v);
        }
      }
    }
    return w.int64(20, kind.code);
  }
}
