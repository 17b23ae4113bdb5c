package dev.bayan.match;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.VectorUtil;

/**
 * Ranks HNSW candidates by their exact cosine. The graph finds candidates with (1 + dot) / 2 scores
 * that quantisation makes approximate; callers compare similarities with thresholds, so every
 * reported value is the dot product of the query and the stored float vector.
 */
final class ExactRescorer {
  private static final Comparator<Neighbor> BEST_FIRST =
      Comparator.comparingDouble((Neighbor n) -> n.similarity()).reversed().thenComparing(Neighbor::postId);

  private ExactRescorer() {}

  static List<Neighbor> rescore(IndexSearcher searcher, ScoreDoc[] hits, float[] query, int k) throws IOException {
    ScoreDoc[] inDocOrder = hits.clone();
    Arrays.sort(inDocOrder, Comparator.comparingInt(h -> h.doc)); // doc values and vectors read forward only
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    List<Neighbor> scored = new ArrayList<>(hits.length);
    int i = 0;
    while (i < inDocOrder.length) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(inDocOrder[i].doc, leaves));
      LeafHits leafHits = new LeafHits(leaf.reader());
      int end = leaf.docBase + leaf.reader().maxDoc();
      for (; i < inDocOrder.length && inDocOrder[i].doc < end; i++) {
        scored.add(leafHits.neighbor(inDocOrder[i].doc - leaf.docBase, query));
      }
    }
    scored.sort(BEST_FIRST);
    return List.copyOf(scored.subList(0, Math.min(k, scored.size())));
  }

  /** One segment's vectors and hit metadata, read in increasing doc order. */
  private static final class LeafHits {
    private final FloatVectorValues vectors;
    private final KnnVectorValues.DocIndexIterator vectorDocs;
    private final BinaryDocValues ids;
    private final SortedDocValues spaces;
    private final NumericDocValues created;

    LeafHits(LeafReader reader) throws IOException {
      vectors = reader.getFloatVectorValues(PostFields.VECTOR);
      vectorDocs = vectors.iterator();
      ids = DocValues.getBinary(reader, PostFields.ID);
      spaces = DocValues.getSorted(reader, PostFields.SPACE);
      created = DocValues.getNumeric(reader, PostFields.CREATED);
    }

    Neighbor neighbor(int doc, float[] query) throws IOException {
      if (vectorDocs.advance(doc) != doc || !ids.advanceExact(doc) || !spaces.advanceExact(doc)
          || !created.advanceExact(doc)) {
        throw new IllegalStateException("document " + doc + " lacks a post field");
      }
      float similarity = VectorUtil.dotProduct(query, vectors.vectorValue(vectorDocs.index()));
      return new Neighbor(ids.binaryValue().utf8ToString(), spaces.lookupOrd(spaces.ordValue()).utf8ToString(),
          created.longValue(), similarity);
    }
  }
}
