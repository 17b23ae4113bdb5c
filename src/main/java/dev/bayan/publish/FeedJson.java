package dev.bayan.publish;

import dev.bayan.decide.Decision;
import dev.bayan.decide.Match;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The JSON a feed client receives for one flagged post (documented in the README, "Live feed"). */
final class FeedJson {
  private FeedJson() {}

  static JsonObject flag(DecisionEvent e, boolean thumbnails) {
    Decision d = e.decision();
    JsonObject post = new JsonObject().put("postId", e.postId()).put("authorId", e.authorId()).put("space", e.space());
    if (thumbnails) post.put("thumbnail", thumbnail(e.postId()));
    JsonObject original = null;
    if (d.original() != null) {
      original = MatchJson.encode(d.original()).put("signals", signals(d, d.original().postId()));
      if (thumbnails) original.put("thumbnail", thumbnail(d.original().postId()));
    }
    JsonArray matches = new JsonArray();
    d.matches().forEach(m -> matches.add(MatchJson.encode(m)));
    return new JsonObject()
        .put("type", "flag")
        .put("post", post)
        .put("original", original)
        .put("matches", matches)
        .put("decision", d.outcome().label())
        .put("reason", d.reason())
        .put("time", e.time())
        .put("origin", e.origin())
        .put("instance", e.instance());
  }

  /** What each signal saw between the post and its original: CNN cosine, PDQ distance. */
  private static JsonObject signals(Decision d, String postId) {
    JsonObject signals = new JsonObject();
    Match m = d.original();
    if (m.hasCnn()) signals.put("cnn", Math.round(m.similarity() * 10000) / 10000.0);
    if (m.hasPdq()) signals.put("pdqDistance", m.pdqDistance());
    return signals;
  }

  private static String thumbnail(String postId) {
    return "/v1/posts/" + postId + "/thumbnail";
  }
}
