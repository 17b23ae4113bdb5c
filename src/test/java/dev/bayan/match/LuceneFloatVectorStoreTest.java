package dev.bayan.match;

import dev.bayan.config.StoreConfig.LuceneConfig;

/** The same suite on the float (unquantised) HNSW format, the {@code quantized: false} setting. */
class LuceneFloatVectorStoreTest extends LuceneVectorStoreTest {
  @Override
  protected LuceneConfig config() {
    return new LuceneConfig(16, 100, false, 200);
  }

  @Override
  protected String expectedFormat() {
    return "Lucene99HnswVectorsFormat";
  }
}
