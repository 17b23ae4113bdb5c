package dev.bayan.match;

import dev.bayan.config.StoreConfig;
import java.nio.file.Path;

/** Opens the store that the configuration names. Blocking: call from a worker or a tool. */
public final class Stores {
  private Stores() {}

  public static VectorStore open(StoreConfig cfg, int dimension) {
    return switch (cfg.kind()) {
      case "embedded" -> new LuceneVectorStore(Path.of(cfg.path()), dimension, cfg.lucene());
      case "milvus" -> new MilvusVectorStore(cfg.milvus(), dimension);
      default -> throw new IllegalArgumentException("unknown store.kind " + cfg.kind());
    };
  }
}
