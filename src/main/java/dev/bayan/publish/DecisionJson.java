package dev.bayan.publish;

import dev.bayan.decide.Decision;
import dev.bayan.decide.Match;
import dev.bayan.decide.Outcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A decision as it travels on the decisions and flags topics, and back: the feeds of other
 * instances read it from the flags topic.
 */
public final class DecisionJson {
  private DecisionJson() {}

  public static JsonObject encode(DecisionEvent e) {
    Decision d = e.decision();
    JsonArray matches = new JsonArray();
    d.matches().forEach(m -> matches.add(MatchJson.encode(m)));
    return new JsonObject()
        .put("postId", e.postId())
        .put("authorId", e.authorId())
        .put("space", e.space())
        .put("decision", d.outcome().label())
        .put("reason", d.reason())
        .put("original", d.original() == null ? null : MatchJson.encode(d.original()))
        .put("matches", matches)
        .put("indexed", e.indexed())
        .put("model", e.modelId())
        .put("time", e.time())
        .put("origin", e.origin())
        .put("instance", e.instance());
  }

  /** Fails with IllegalArgumentException or ClassCastException on a message of another shape. */
  public static DecisionEvent decode(JsonObject json) {
    List<Match> matches = new ArrayList<>();
    JsonArray list = json.getJsonArray("matches", new JsonArray());
    for (int i = 0; i < list.size(); i++) matches.add(MatchJson.decode(list.getJsonObject(i)));
    JsonObject original = json.getJsonObject("original");
    Outcome outcome = Outcome.valueOf(json.getString("decision", "").toUpperCase(Locale.ROOT));
    Decision decision = new Decision(outcome, json.getString("reason"),
        original == null ? null : MatchJson.decode(original), List.copyOf(matches));
    return new DecisionEvent(required(json, "postId"), json.getString("authorId"), required(json, "space"), decision,
        json.getBoolean("indexed", false), json.getString("model"), json.getLong("time", 0L),
        json.getString("origin"), json.getString("instance"));
  }

  private static String required(JsonObject json, String key) {
    String value = json.getString(key);
    if (value == null) throw new IllegalArgumentException("missing " + key);
    return value;
  }
}
