package dev.bayan.admin;

import dev.bayan.decide.Match;
import dev.bayan.publish.DecisionEvent;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Consumer;

/**
 * A stand-in for the WebSocket feed (built on another branch), speaking its protocol, so that the
 * dashboard can be tested end to end here: {@code /v1/feed?token=T&space=S} streams every flagged
 * decision as {postId, authorId, space, decision, reason, time, thumbnail, original, matches}.
 */
final class TestFeed implements Consumer<Router> {
  private final String token;

  TestFeed(String token) {
    this.token = token;
  }

  @Override
  public void accept(Router router) {
    router.get("/v1/feed").handler(ctx -> {
      if (!token.equals(ctx.queryParams().get("token"))) {
        ctx.response().setStatusCode(401).end();
        return;
      }
      String space = ctx.queryParams().get("space");
      ctx.request().toWebSocket().onSuccess(ws -> {
        MessageConsumer<DecisionEvent> events = ctx.vertx().eventBus().localConsumer(DecisionEvent.ADDRESS, m -> {
          DecisionEvent e = m.body();
          if (e.decision().outcome().flagged() && (space == null || space.equals(e.space()))) {
            ws.writeTextMessage(json(e).encode());
          }
        });
        ws.closeHandler(v -> events.unregister());
      });
    });
  }

  static JsonObject json(DecisionEvent e) {
    Match original = e.decision().original();
    JsonArray matches = new JsonArray();
    for (Match m : e.decision().matches()) {
      matches.add(new JsonObject().put("postId", m.postId()).put("space", m.space())
          .put("similarity", m.similarity()).put("signal", m.signal()));
    }
    return new JsonObject().put("postId", e.postId()).put("authorId", e.authorId()).put("space", e.space())
        .put("decision", e.decision().outcome().label()).put("reason", e.decision().reason()).put("time", e.time())
        .put("thumbnail", "/v1/posts/" + e.postId() + "/thumbnail")
        .put("original", original == null ? null : new JsonObject().put("postId", original.postId())
            .put("similarity", original.similarity()).put("thumbnail", "/v1/posts/" + original.postId() + "/thumbnail"))
        .put("matches", matches);
  }
}
