package dev.bayan.publish;

import dev.bayan.decide.Match;
import io.vertx.core.json.JsonObject;

/**
 * The one JSON shape of a piece of evidence, in HTTP answers, Kafka topics and the feed:
 * {@code similarity} (CNN cosine) and {@code pdqDistance} are null when unknown.
 */
public final class MatchJson {
  private MatchJson() {}

  public static JsonObject encode(Match m) {
    JsonObject json = new JsonObject().put("postId", m.postId()).put("space", m.space())
        .put("similarity", m.hasCnn() ? Math.round(m.similarity() * 10000) / 10000.0 : null)
        .put("pdqDistance", m.hasPdq() ? m.pdqDistance() : null)
        .put("signal", m.signal())
        .put("createdAt", m.createdAt() == Long.MAX_VALUE ? null : m.createdAt());
    if (m.bank() != null) json.put("bank", m.bank());
    return json;
  }

  /** Fails with IllegalArgumentException on a message without a postId. */
  public static Match decode(JsonObject json) {
    String postId = json.getString("postId");
    if (postId == null) throw new IllegalArgumentException("missing postId");
    Double similarity = json.getDouble("similarity");
    Integer distance = json.getInteger("pdqDistance");
    Long createdAt = json.getLong("createdAt");
    return new Match(postId, json.getString("space"), similarity == null ? Double.NaN : similarity,
        distance == null ? -1 : distance, json.getString("signal", "cnn"),
        createdAt == null ? Long.MAX_VALUE : createdAt);
  }
}
