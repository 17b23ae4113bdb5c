package dev.bayan.match;

import java.util.Arrays;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * How a post becomes a Lucene document and back. Everything is a stored field; postId and space
 * are also indexed (update/delete by id, filter by space). postId, space and createdAt are doc
 * values too, so a search reads them without decompressing stored fields full of thumbnails.
 */
final class PostFields {
  static final String ID = "postId";
  static final String SPACE = "space";
  static final String AUTHOR = "authorId";
  static final String CREATED = "createdAt";
  static final String DECISION = "decision";
  static final String PDQ = "pdq";
  static final String THUMBNAIL = "thumbnail";
  static final String VECTOR = "vector";

  /** Normalised vectors make the dot product the cosine. */
  static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

  private PostFields() {}

  static Document toDocument(StoredPost post) {
    Document doc = new Document();
    doc.add(new StringField(ID, post.postId(), Field.Store.YES));
    doc.add(new BinaryDocValuesField(ID, new BytesRef(post.postId())));
    doc.add(new StringField(SPACE, post.space(), Field.Store.YES));
    doc.add(new SortedDocValuesField(SPACE, new BytesRef(post.space())));
    doc.add(new StoredField(CREATED, post.createdAt()));
    doc.add(new NumericDocValuesField(CREATED, post.createdAt()));
    if (post.authorId() != null) doc.add(new StoredField(AUTHOR, post.authorId()));
    if (post.decision() != null) doc.add(new StoredField(DECISION, post.decision()));
    if (post.pdq() != null) doc.add(new StoredField(PDQ, post.pdq()));
    if (post.thumbnail() != null) doc.add(new StoredField(THUMBNAIL, post.thumbnail()));
    doc.add(new KnnFloatVectorField(VECTOR, post.vector(), SIMILARITY));
    return doc;
  }

  /** The post from its stored fields; the vector lives in the vector format, so it comes apart. */
  static StoredPost fromDocument(Document doc, float[] vector) {
    return new StoredPost(doc.get(ID), doc.get(AUTHOR), doc.get(SPACE),
        doc.getField(CREATED).numericValue().longValue(), doc.get(DECISION), vector,
        bytes(doc.getBinaryValue(PDQ)), bytes(doc.getBinaryValue(THUMBNAIL)));
  }

  private static byte[] bytes(BytesRef ref) {
    return ref == null ? null : Arrays.copyOfRange(ref.bytes, ref.offset, ref.offset + ref.length);
  }
}
