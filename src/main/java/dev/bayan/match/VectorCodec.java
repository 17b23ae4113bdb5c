package dev.bayan.match;

import dev.bayan.config.StoreConfig.LuceneConfig;
import java.io.IOException;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * Lucene's default codec with the configured HNSW format on the vector field. The codec keeps the
 * default's name and the format keeps its own, so a plain Lucene reads the index: segments record
 * the format per field, and graph parameters only matter when writing.
 */
final class VectorCodec {
  /** Lucene's 1024-dimension cap guards against mistakes; wider embeddings (ResNet: 2048) are fine. */
  static final int MAX_DIMENSIONS = 4096;

  private VectorCodec() {}

  static Codec create(LuceneConfig cfg) {
    KnnVectorsFormat format = allowingWide(hnswFormat(cfg));
    KnnVectorsFormat perField = new PerFieldKnnVectorsFormat() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return format;
      }
    };
    Codec base = Codec.getDefault();
    return new FilterCodec(base.getName(), base) {
      @Override
      public KnnVectorsFormat knnVectorsFormat() {
        return perField;
      }
    };
  }

  /** int8 (unsigned byte) scalar quantisation keeps the raw floats beside the codes: exact re-scoring stays open. */
  private static KnnVectorsFormat hnswFormat(LuceneConfig cfg) {
    return cfg.quantized()
        ? new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE, cfg.hnswM(), cfg.hnswBeamWidth())
        : new Lucene99HnswVectorsFormat(cfg.hnswM(), cfg.hnswBeamWidth());
  }

  /** Same name as the delegate (readers find it by name), only the dimension cap differs. */
  private static KnnVectorsFormat allowingWide(KnnVectorsFormat delegate) {
    return new KnnVectorsFormat(delegate.getName()) {
      @Override
      public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return delegate.fieldsWriter(state);
      }

      @Override
      public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return delegate.fieldsReader(state);
      }

      @Override
      public int getMaxDimensions(String fieldName) {
        return MAX_DIMENSIONS;
      }

      @Override
      public String toString() {
        return delegate.toString();
      }
    };
  }
}
