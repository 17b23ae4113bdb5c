package dev.bayan.match;

import dev.bayan.config.StoreConfig.MilvusConfig;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq.CollectionSchema;
import java.util.List;
import java.util.Map;

/**
 * The shape of a Bayan collection in Milvus and the index settings that come from configuration.
 *
 * <pre>
 * postId    VARCHAR(128)  primary key: Bayan's postId as is (Milvus counts UTF-8 bytes; longer ids are refused)
 * vector    FLOAT_VECTOR  dim = the model's; index from store.milvus.indexType, metric IP
 * author    VARCHAR(256)  "" when the post has no author
 * space     VARCHAR(256)  also encoded in the partition name (see PartitionNames)
 * createdAt INT64         epoch milliseconds
 * decision  VARCHAR(32)   "" when none
 * pdq       BINARY_VECTOR dim 256 (the 32-byte PDQ hash), BIN_FLAT index, metric HAMMING
 * hasPdq    BOOL          false when the post had no PDQ hash (pdq is then all zeros)
 * </pre>
 *
 * Thumbnails are not stored in Milvus: object storage suits them better than a vector database.
 */
final class MilvusSchema {
  static final String POST_ID = "postId";
  static final String VECTOR = "vector";
  static final String AUTHOR = "author";
  static final String SPACE = "space";
  static final String CREATED_AT = "createdAt";
  static final String DECISION = "decision";
  static final String PDQ = "pdq";
  static final String HAS_PDQ = "hasPdq";

  static final int POST_ID_MAX = 128;
  static final int TEXT_MAX = 256;
  static final int DECISION_MAX = 32;
  static final int PDQ_BITS = 256;

  /** Everything {@code get} and {@code forEach} read back. */
  static final List<String> ALL_FIELDS = List.of(POST_ID, VECTOR, AUTHOR, SPACE, CREATED_AT, DECISION, PDQ, HAS_PDQ);
  /** What a search hit needs besides its id and score. */
  static final List<String> HIT_FIELDS = List.of(SPACE, CREATED_AT);

  private MilvusSchema() {}

  static CollectionSchema schema(int dimension) {
    CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().enableDynamicField(false).build();
    schema.addField(AddFieldReq.builder().fieldName(POST_ID).dataType(DataType.VarChar).maxLength(POST_ID_MAX)
        .isPrimaryKey(true).autoID(false).build());
    schema.addField(AddFieldReq.builder().fieldName(VECTOR).dataType(DataType.FloatVector).dimension(dimension)
        .build());
    schema.addField(AddFieldReq.builder().fieldName(AUTHOR).dataType(DataType.VarChar).maxLength(TEXT_MAX).build());
    schema.addField(AddFieldReq.builder().fieldName(SPACE).dataType(DataType.VarChar).maxLength(TEXT_MAX).build());
    schema.addField(AddFieldReq.builder().fieldName(CREATED_AT).dataType(DataType.Int64).build());
    schema.addField(AddFieldReq.builder().fieldName(DECISION).dataType(DataType.VarChar).maxLength(DECISION_MAX)
        .build());
    schema.addField(AddFieldReq.builder().fieldName(PDQ).dataType(DataType.BinaryVector).dimension(PDQ_BITS).build());
    schema.addField(AddFieldReq.builder().fieldName(HAS_PDQ).dataType(DataType.Bool).build());
    return schema;
  }

  /** The similarity index: IVF_SQ8 {nlist}, HNSW {M, efConstruction} or FLAT; inner product on unit vectors. */
  static IndexParam vectorIndex(MilvusConfig cfg) {
    IndexParam.IndexParamBuilder b = IndexParam.builder().fieldName(VECTOR).indexName(VECTOR)
        .metricType(IndexParam.MetricType.IP);
    return switch (cfg.indexType()) {
      case "IVF_SQ8" -> b.indexType(IndexParam.IndexType.IVF_SQ8).extraParams(Map.of("nlist", cfg.nlist())).build();
      case "HNSW" -> b.indexType(IndexParam.IndexType.HNSW)
          .extraParams(Map.of("M", cfg.hnswM(), "efConstruction", cfg.efConstruction())).build();
      case "FLAT" -> b.indexType(IndexParam.IndexType.FLAT).build();
      default -> throw new IllegalArgumentException("unknown index type " + cfg.indexType());
    };
  }

  /** PDQ hashes are compared by Hamming distance; BIN_FLAT is exact and needs no parameters. */
  static IndexParam pdqIndex() {
    return IndexParam.builder().fieldName(PDQ).indexName(PDQ).indexType(IndexParam.IndexType.BIN_FLAT)
        .metricType(IndexParam.MetricType.HAMMING).build();
  }

  /** Search-time parameters of the configured index: {nprobe}, {ef} or none. */
  static Map<String, Object> searchParams(MilvusConfig cfg) {
    return switch (cfg.indexType()) {
      case "IVF_SQ8" -> Map.of("nprobe", cfg.nprobe());
      case "HNSW" -> Map.of("ef", cfg.ef());
      default -> Map.of();
    };
  }

  static ConsistencyLevel consistency(MilvusConfig cfg) {
    return ConsistencyLevel.valueOf(cfg.consistency());
  }

  /** Fails clearly when an existing collection cannot hold this model's vectors. */
  static void requireCompatible(CollectionSchema existing, String collection, int dimension) {
    for (String field : ALL_FIELDS) {
      if (existing.getField(field) == null) {
        throw new IllegalStateException("Milvus collection '" + collection + "' exists but has no field '" + field
            + "': it was not created by Bayan; configure another store.milvus.collection");
      }
    }
    Integer dim = existing.getField(VECTOR).getDimension();
    if (dim == null || dim != dimension) {
      throw new IllegalStateException("Milvus collection '" + collection + "' holds " + dim
          + "-d vectors but the model makes " + dimension
          + "-d ones: configure another store.milvus.collection or migrate (tools.MigrateStore)");
    }
  }
}
