package dev.bayan.ingest;

import dev.bayan.publish.MatchJson;
import dev.bayan.match.StoredPost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The JSON shapes of the public API (documented in README and openapi.yaml). */
public final class CheckJson {
  private CheckJson() {}

  public static JsonObject result(CheckResult r) {
    JsonArray matches = new JsonArray();
    r.decision().matches().forEach(m -> matches.add(MatchJson.encode(m)));
    JsonObject json = new JsonObject()
        .put("postId", r.request().postId())
        .put("space", r.request().space())
        .put("decision", r.decision().outcome().label())
        .put("reason", r.decision().reason())
        .put("original", r.decision().original() == null ? null : MatchJson.encode(r.decision().original()))
        .put("matches", matches)
        .put("indexed", r.indexed())
        .put("model", r.modelId())
        .put("timings", new JsonObject()
            .put("decodeMs", ms(r.decodeNanos()))
            .put("embedMs", ms(r.embedNanos()))
            .put("searchMs", ms(r.searchNanos()))
            .put("totalMs", ms(r.totalNanos()))
            .put("searchBatch", r.searchBatch()));
    if (r.request().dryRun()) json.put("dryRun", true);
    return json;
  }

  public static JsonObject post(StoredPost p) {
    return new JsonObject().put("postId", p.postId()).put("authorId", p.authorId()).put("space", p.space())
        .put("createdAt", p.createdAt()).put("decision", p.decision()).put("dimension", p.vector().length)
        .put("hasThumbnail", p.thumbnail() != null);
  }

  private static double ms(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}
