package dev.bayan.tools.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** ONNX TensorProto: a named constant, its data kept little-endian in {@code raw_data}. */
record TensorProto(String name, int dataType, long[] dims, byte[] rawData) {
  static final int FLOAT = 1;
  static final int UINT8 = 2;
  static final int INT64 = 7;

  TensorProto {
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    if (count * elementSize(dataType) != rawData.length) {
      throw new IllegalArgumentException("tensor " + name + ": " + rawData.length
          + " bytes do not fit dims " + java.util.Arrays.toString(dims));
    }
  }

  static TensorProto floats(String name, long[] dims, float... values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    return new TensorProto(name, FLOAT, dims, buf.array());
  }

  static TensorProto int64s(String name, long[] dims, long... values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(values);
    return new TensorProto(name, INT64, dims, buf.array());
  }

  static TensorProto scalar(String name, float value) {
    return floats(name, new long[0], value);
  }

  static int elementSize(int dataType) {
    return switch (dataType) {
      case FLOAT -> 4;
      case UINT8 -> 1;
      case INT64 -> 8;
      default -> throw new IllegalArgumentException("unsupported tensor data type " + dataType);
    };
  }

  ProtoWriter encode() {
    ProtoWriter w = new ProtoWriter();
    for (long d : dims) {
      w.int64(1, d);
    }
    w.int64(2, dataType);
    w.string(8, name);
    w.bytes(9, rawData);
    return w;
  }
}
