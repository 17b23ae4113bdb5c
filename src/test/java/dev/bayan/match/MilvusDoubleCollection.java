package dev.bayan.match;

import com.google.protobuf.ByteString;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.TemplateValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One collection of the protocol double: its schema, indexes, load state, partitions and rows,
 * with EXACT search over {@link BlockedVectors}. Callers synchronise on the collection.
 */
final class MilvusDoubleCollection {
  final long id;
  final String name;
  final CollectionSchema schema;
  final int consistencyLevel;
  final Map<String, Long> partitions = new LinkedHashMap<>();
  final Map<String, List<KeyValuePair>> indexes = new LinkedHashMap<>();
  boolean loaded;
  private final FieldSchema primary;
  private final FieldSchema floatVector;
  private final int dim;
  private final Map<String, Row> rows = new HashMap<>();
  private final BlockedVectors vectors;
  private Row[] bySlot = new Row[0];

  /** One stored entity: its partition, its non-vector values by field, its slot. */
  static final class Row {
    final String partition;
    final Map<String, Object> values;
    int slot;

    Row(String partition, Map<String, Object> values) {
      this.partition = partition;
      this.values = values;
    }
  }

  /** The k best slots of one query, best first. */
  record Hits(int[] slots, float[] scores) {}

  MilvusDoubleCollection(long id, String name, CollectionSchema requested, int consistencyLevel) {
    this.id = id;
    this.name = name;
    this.consistencyLevel = consistencyLevel;
    CollectionSchema.Builder b = requested.toBuilder().clearFields();
    long fieldId = 100;
    for (FieldSchema f : requested.getFieldsList()) b.addFields(f.toBuilder().setFieldID(fieldId++));
    this.schema = b.build();
    this.primary = schema.getFieldsList().stream().filter(FieldSchema::getIsPrimaryKey).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("schema has no primary key"));
    List<FieldSchema> floats = schema.getFieldsList().stream().filter(f -> f.getDataType() == DataType.FloatVector).toList();
    if (floats.size() != 1) throw new IllegalArgumentException("the double supports exactly one float vector field");
    this.floatVector = floats.get(0);
    this.dim = Integer.parseInt(typeParam(floatVector, "dim"));
    this.vectors = new BlockedVectors(dim);
    partitions.put("_default", id * 1000);
  }

  static String typeParam(FieldSchema f, String key) {
    return f.getTypeParamsList().stream().filter(p -> p.getKey().equals(key)).map(KeyValuePair::getValue)
        .findFirst().orElse(null);
  }

  FieldSchema field(String fieldName) {
    return schema.getFieldsList().stream().filter(f -> f.getName().equals(fieldName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("field not found[field=" + fieldName + "]"));
  }

  String primaryName() {
    return primary.getName();
  }

  String floatVectorName() {
    return floatVector.getName();
  }

  int rowCount() {
    return rows.size();
  }

  long rowCount(String partition) {
    return rows.values().stream().filter(r -> r.partition.equals(partition)).count();
  }

  /** Replaces (by primary key, anywhere in the collection) or adds each row of the columns. */
  List<String> upsert(String partition, List<FieldData> columns, int numRows) {
    Map<String, FieldData> byName = new HashMap<>();
    for (FieldData c : columns) byName.put(c.getFieldName(), c);
    for (FieldSchema f : schema.getFieldsList()) {
      if (!byName.containsKey(f.getName())) throw new IllegalArgumentException("field " + f.getName() + " is missing");
    }
    List<Map<String, Object>> parsed = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < numRows; i++) {
      Map<String, Object> values = new HashMap<>();
      for (FieldSchema f : schema.getFieldsList()) {
        if (f == floatVector) vectors.add(floatAt(byName.get(f.getName()), i));
        else values.put(f.getName(), valueAt(f, byName.get(f.getName()), i));
      }
      parsed.add(values);
    }
    List<String> ids = parsed.stream().map(v -> (String) v.get(primary.getName())).toList();
    if (ids.stream().distinct().count() != ids.size()) {
      throw new IllegalArgumentException("duplicate primary keys are not allowed in the same batch");
    }
    for (int i = 0; i < numRows; i++) {
      remove(ids.get(i));
      Row row = new Row(partition, parsed.get(i));
      row.slot = append(vectors.get(i), row);
      rows.put(ids.get(i), row);
    }
    return ids;
  }

  /** Deletes the rows that match; returns how many. */
  int delete(String partition, Predicate<Map<String, Object>> filter) {
    List<String> doomed = new ArrayList<>();
    rows.forEach((pk, row) -> {
      if ((partition.isEmpty() || row.partition.equals(partition)) && filter.test(row.values)) doomed.add(pk);
    });
    doomed.forEach(this::remove);
    return doomed.size();
  }

  /** Matching rows in primary-key order (as Milvus's query reduce returns them). */
  List<Row> query(List<String> inPartitions, String expr, Map<String, TemplateValue> templates) {
    Predicate<Map<String, Object>> filter = MilvusDoubleFilter.parse(expr, templates);
    List<Row> out = new ArrayList<>();
    for (Row row : rows.values()) {
      if ((inPartitions.isEmpty() || inPartitions.contains(row.partition)) && filter.test(row.values)) out.add(row);
    }
    out.sort((a, b) -> MilvusDoubleFilter.compare(a.values.get(primary.getName()), b.values.get(primary.getName())));
    return out;
  }

  /** Exact inner-product search of every query over the eligible rows. */
  List<Hits> search(float[][] queries, int topk, List<String> inPartitions, Predicate<Map<String, Object>> filter) {
    boolean[] eligible = new boolean[vectors.size()];
    for (int s = 0; s < eligible.length; s++) {
      Row row = bySlot[s];
      eligible[s] = (inPartitions.isEmpty() || inPartitions.contains(row.partition)) && filter.test(row.values);
    }
    return vectors.search(queries, topk, eligible);
  }

  Row rowAt(int slot) {
    return bySlot[slot];
  }

  float[] vectorOf(Row row) {
    return vectors.vector(row.slot);
  }

  int dim() {
    return dim;
  }

  /** Builds one output column for the given rows. */
  FieldData column(String fieldName, List<Row> of) {
    FieldSchema f = field(fieldName);
    FieldData.Builder b = FieldData.newBuilder().setFieldName(f.getName()).setType(f.getDataType()).setFieldId(f.getFieldID());
    switch (f.getDataType()) {
      case VarChar -> b.getScalarsBuilder().getStringDataBuilder()
          .addAllData(of.stream().map(r -> (String) r.values.get(f.getName())).toList());
      case Int64 -> b.getScalarsBuilder().getLongDataBuilder()
          .addAllData(of.stream().map(r -> (Long) r.values.get(f.getName())).toList());
      case Bool -> b.getScalarsBuilder().getBoolDataBuilder()
          .addAllData(of.stream().map(r -> (Boolean) r.values.get(f.getName())).toList());
      case FloatVector -> {
        var floats = b.getVectorsBuilder().setDim(dim).getFloatVectorBuilder();
        for (Row r : of) for (float v : vectorOf(r)) floats.addData(v);
      }
      case BinaryVector -> {
        ByteString bytes = ByteString.EMPTY;
        for (Row r : of) bytes = bytes.concat(ByteString.copyFrom((byte[]) r.values.get(f.getName())));
        b.getVectorsBuilder().setDim(Long.parseLong(typeParam(f, "dim"))).setBinaryVector(bytes);
      }
      default -> throw new IllegalArgumentException("the double does not store " + f.getDataType());
    }
    return b.build();
  }

  private Object valueAt(FieldSchema f, FieldData column, int i) {
    return switch (f.getDataType()) {
      case VarChar -> {
        String s = column.getScalars().getStringData().getData(i);
        String max = typeParam(f, "max_length");
        if (max != null && s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Integer.parseInt(max)) {
          throw new IllegalArgumentException("the length of varchar field " + f.getName() + " exceeds max length " + max);
        }
        yield s;
      }
      case Int64 -> column.getScalars().getLongData().getData(i);
      case Bool -> column.getScalars().getBoolData().getData(i);
      case BinaryVector -> {
        int bytes = Integer.parseInt(typeParam(f, "dim")) / 8;
        ByteString all = column.getVectors().getBinaryVector();
        if (all.size() < (i + 1) * bytes) throw new IllegalArgumentException("binary vector data too short");
        yield all.substring(i * bytes, (i + 1) * bytes).toByteArray();
      }
      default -> throw new IllegalArgumentException("the double does not store " + f.getDataType());
    };
  }

  private float[] floatAt(FieldData column, int i) {
    if (column.getVectors().getDim() != dim) {
      throw new IllegalArgumentException("the dim (" + column.getVectors().getDim() + ") of field data is not equal to schema dim (" + dim + ")");
    }
    float[] v = new float[dim];
    for (int d = 0; d < dim; d++) v[d] = column.getVectors().getFloatVector().getData(i * dim + d);
    return v;
  }

  /** Loads rows straight in (benchmark set-up); same semantics as upsert. */
  void load(String partition, String pk, float[] vector, Map<String, Object> values) {
    remove(pk);
    Row row = new Row(partition, values);
    row.slot = append(vector, row);
    rows.put(pk, row);
  }

  private int append(float[] vector, Row row) {
    int slot = vectors.append(vector);
    if (slot == bySlot.length) bySlot = Arrays.copyOf(bySlot, Math.max(16, slot * 2));
    bySlot[slot] = row;
    return slot;
  }

  /** Removes by primary key; the last row moves into the freed slot so the slots stay dense. */
  private void remove(String pk) {
    Row row = rows.remove(pk);
    if (row == null) return;
    int last = vectors.size() - 1;
    vectors.removeByMovingLast(row.slot);
    if (row.slot != last) {
      bySlot[row.slot] = bySlot[last];
      bySlot[row.slot].slot = row.slot;
    }
    bySlot[last] = null;
  }
}
