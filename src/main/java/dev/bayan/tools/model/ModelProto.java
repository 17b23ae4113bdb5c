package dev.bayan.tools.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * ONNX ModelProto with one opset import (the default domain) and string metadata.
 *
 * @param irVersion ONNX IR version (7 reads in every ONNX Runtime of the last years)
 * @param opsetVersion version of the default operator set the nodes bind to
 */
record ModelProto(long irVersion, long opsetVersion, String producerName, String producerVersion,
                 GraphProto graph, Map<String, String> metadata) {
  ModelProto {
    metadata = Map.copyOf(metadata);
  }

  byte[] toByteArray() {
    ProtoWriter w = new ProtoWriter()
        .int64(1, irVersion)
        .string(2, producerName)
        .string(3, producerVersion)
        .message(7, graph.encode())
        .message(8, new ProtoWriter().string(1, "").int64(2, opsetVersion));
    // sorted keys: the same input always gives the same bytes
    new TreeMap<>(metadata).forEach((k, v) ->
        w.message(14, new ProtoWriter().string(1, k).string(2, v)));
    return w.toByteArray();
  }
}
