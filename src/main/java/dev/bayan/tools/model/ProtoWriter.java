package dev.bayan.tools.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protocol Buffers wire format, only the parts ONNX files need: varints, 32-bit floats and
 * length-delimited fields (strings, bytes, nested messages). A nested message is written into
 * its own writer first, then embedded with its length.
 */
final class ProtoWriter {
  static final int VARINT = 0;
  static final int FIXED32 = 5;
  static final int LENGTH_DELIMITED = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Unsigned base-128 varint; negative values take 10 bytes, as protobuf encodes int32/int64. */
  ProtoWriter varint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return this;
  }

  ProtoWriter tag(int field, int wireType) {
    return varint(((long) field << 3) | wireType);
  }

  /** An int32, int64 or enum field. */
  ProtoWriter int64(int field, long value) {
    return tag(field, VARINT).varint(value);
  }

  ProtoWriter float32(int field, float value) {
    tag(field, FIXED32);
    int bits = Float.floatToRawIntBits(value);
    for (int i = 0; i < 4; i++) {
      out.write(bits >>> (8 * i));
    }
    return this;
  }

  ProtoWriter bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED).varint(value.length);
    out.writeBytes(value);
    return this;
  }

  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtoWriter message(int field, ProtoWriter nested) {
    tag(field, LENGTH_DELIMITED).varint(nested.out.size());
    out.writeBytes(nested.out.toByteArray());
    return this;
  }

  int size() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
