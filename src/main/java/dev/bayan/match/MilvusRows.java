package dev.bayan.match;

import static dev.bayan.match.MilvusSchema.AUTHOR;
import static dev.bayan.match.MilvusSchema.CREATED_AT;
import static dev.bayan.match.MilvusSchema.DECISION;
import static dev.bayan.match.MilvusSchema.HAS_PDQ;
import static dev.bayan.match.MilvusSchema.PDQ;
import static dev.bayan.match.MilvusSchema.POST_ID;
import static dev.bayan.match.MilvusSchema.SPACE;
import static dev.bayan.match.MilvusSchema.VECTOR;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.service.vector.response.SearchResp;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** Converts between Bayan's records and the rows the Milvus SDK reads and writes. */
final class MilvusRows {
  private static final int PDQ_BYTES = MilvusSchema.PDQ_BITS / 8;

  private MilvusRows() {}

  /** A row for {@code upsert}; refuses what Milvus would refuse, with a clearer message. */
  static JsonObject toRow(StoredPost post, int dimension) {
    if (utf8Length(post.postId()) > MilvusSchema.POST_ID_MAX) {
      throw new IllegalArgumentException("postId longer than " + MilvusSchema.POST_ID_MAX + " UTF-8 bytes: "
          + post.postId());
    }
    if (post.vector().length != dimension) {
      throw new IllegalArgumentException("post " + post.postId() + " has a " + post.vector().length
          + "-d vector, the store holds " + dimension + "-d ones");
    }
    if (post.pdq() != null && post.pdq().length != PDQ_BYTES) {
      throw new IllegalArgumentException("post " + post.postId() + " has a " + post.pdq().length
          + "-byte PDQ hash, not 32");
    }
    JsonObject row = new JsonObject();
    row.addProperty(POST_ID, post.postId());
    JsonArray vector = new JsonArray(dimension);
    for (float f : post.vector()) vector.add(f);
    row.add(VECTOR, vector);
    row.addProperty(AUTHOR, bounded(post.authorId(), MilvusSchema.TEXT_MAX, AUTHOR));
    row.addProperty(SPACE, bounded(post.space(), MilvusSchema.TEXT_MAX, SPACE));
    row.addProperty(CREATED_AT, post.createdAt());
    row.addProperty(DECISION, bounded(post.decision(), MilvusSchema.DECISION_MAX, DECISION));
    JsonArray pdq = new JsonArray(PDQ_BYTES);
    byte[] hash = post.pdq() != null ? post.pdq() : new byte[PDQ_BYTES];
    for (byte b : hash) pdq.add(b);
    row.add(PDQ, pdq);
    row.addProperty(HAS_PDQ, post.pdq() != null);
    return row;
  }

  /** A post read back by {@code query}; the thumbnail is always null (not stored in Milvus). */
  static StoredPost fromEntity(Map<String, Object> e) {
    @SuppressWarnings("unchecked")
    List<Float> values = (List<Float>) e.get(VECTOR);
    float[] vector = new float[values.size()];
    for (int i = 0; i < vector.length; i++) vector[i] = values.get(i);
    byte[] pdq = null;
    if (Boolean.TRUE.equals(e.get(HAS_PDQ))) {
      ByteBuffer buffer = ((ByteBuffer) e.get(PDQ)).duplicate();
      buffer.rewind();
      pdq = new byte[buffer.remaining()];
      buffer.get(pdq);
    }
    return new StoredPost((String) e.get(POST_ID), emptyToNull((String) e.get(AUTHOR)), (String) e.get(SPACE),
        (Long) e.get(CREATED_AT), emptyToNull((String) e.get(DECISION)), vector, pdq, null);
  }

  /** A search hit; with the IP metric on unit vectors the score is the cosine similarity. */
  static Neighbor neighbor(SearchResp.SearchResult hit) {
    Map<String, Object> e = hit.getEntity();
    return new Neighbor(String.valueOf(hit.getId()), (String) e.get(SPACE), (Long) e.get(CREATED_AT), hit.getScore());
  }

  private static String bounded(String value, int max, String field) {
    if (value == null) return "";
    if (utf8Length(value) > max) throw new IllegalArgumentException(field + " longer than " + max + " UTF-8 bytes");
    return value;
  }

  /** Milvus bounds VARCHAR fields in bytes, not characters. */
  private static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
