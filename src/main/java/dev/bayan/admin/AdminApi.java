package dev.bayan.admin;

import dev.bayan.config.PolicyConfig;
import dev.bayan.decide.Feedback;
import dev.bayan.decide.Policy;
import dev.bayan.error.BadInput;
import dev.bayan.error.NotFound;
import dev.bayan.ingest.CheckRequest;
import dev.bayan.ingest.Credentials;
import dev.bayan.match.Matcher;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator's API under {@code /admin}, all behind the admin bearer token. Handlers parse and
 * validate on the event loop; anything that touches a disk runs on a worker.
 */
public final class AdminApi {
  private static final long MAX_BODY = 64 * 1024;
  private static final int MAX_FEEDBACK_LIST = 1000;

  private final Vertx vertx;
  private final Credentials credentials;
  private final Policy policy;
  private final PolicyFile policyFile;
  private final Matcher matcher;
  private final Feedback feedback;
  private final StoreTasks store;
  private final StatsReport stats;
  private final BackfillJob backfill;
  private final AtomicBoolean compacting = new AtomicBoolean();

  public AdminApi(Vertx vertx, Credentials credentials, Policy policy, PolicyFile policyFile, Matcher matcher,
                  Feedback feedback, StoreTasks store, StatsReport stats, BackfillJob backfill) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.policy = policy;
    this.policyFile = policyFile;
    this.matcher = matcher;
    this.feedback = feedback;
    this.store = store;
    this.stats = stats;
    this.backfill = backfill;
  }

  public void mount(Router router) {
    // first, for every /admin path: an unknown admin path answers 401 to strangers, not 404
    router.route("/admin/*").handler(credentials.admin());
    Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.get("/admin/stats").handler(this::stats);
    router.get("/admin/policy").handler(this::getPolicy);
    router.put("/admin/policy").handler(body).handler(this::putPolicy);
    router.delete("/admin/posts/:postId").handler(this::deletePost);
    router.post("/admin/feedback").handler(body).handler(this::postFeedback);
    router.get("/admin/feedback").handler(this::listFeedback);
    router.get("/admin/store").handler(this::getStore);
    router.post("/admin/store/compact").handler(this::compact);
    router.post("/admin/backfill").handler(body).handler(this::startBackfill);
    router.get("/admin/backfill").handler(ctx -> ctx.json(AdminJson.backfill(backfill.current().snapshot())));
  }

  private void stats(RoutingContext ctx) {
    stats.stats().onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void getPolicy(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(PolicyFile.json(policy.current()));
  }

  /** Validated, saved, then applied: a policy that could not be saved is not in force either. */
  private void putPolicy(RoutingContext ctx) {
    PolicyConfig next = PolicyFile.parse(ctx.body().asString() == null ? "" : ctx.body().asString());
    vertx.executeBlocking(() -> {
      synchronized (policyFile) { // file and memory change together, in the same order
        policyFile.save(next);
        policy.update(next);
      }
      return next;
    }, false).onSuccess(saved -> ctx.response().putHeader("Content-Type", "application/json")
        .end(PolicyFile.json(saved))).onFailure(ctx::fail);
  }

  private void deletePost(RoutingContext ctx) {
    String postId = CheckRequest.of(ctx.pathParam("postId"), null, null, null).postId();
    matcher.delete(postId).onSuccess(existed -> {
      if (existed) ctx.json(new JsonObject().put("postId", postId).put("deleted", true));
      else ctx.fail(new NotFound("post_not_found", "no post " + postId));
    }).onFailure(ctx::fail);
  }

  private void postFeedback(RoutingContext ctx) {
    JsonObject json = jsonBody(ctx);
    Feedback.Entry entry = new Feedback.Entry(text(json, "postId"), text(json, "matchedPostId"),
        text(json, "verdict"), System.currentTimeMillis());
    vertx.executeBlocking(() -> {
      feedback.record(entry);
      return entry;
    }, false).onSuccess(saved -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
        .end(AdminJson.feedback(saved).encode())).onFailure(ctx::fail);
  }

  private void listFeedback(RoutingContext ctx) {
    String postId = ctx.queryParams().get("postId");
    int limit = intParam(ctx, "limit", 100, MAX_FEEDBACK_LIST);
    JsonArray list = new JsonArray();
    feedback.recent(postId, limit).forEach(e -> list.add(AdminJson.feedback(e)));
    ctx.json(new JsonObject().put("feedback", list));
  }

  private void getStore(RoutingContext ctx) {
    store.stats().onSuccess(s -> ctx.json(AdminJson.store(s, stats.pending()))).onFailure(ctx::fail);
  }

  private void compact(RoutingContext ctx) {
    if (!compacting.compareAndSet(false, true)) {
      ctx.fail(new HttpException(409, "a compaction is already running"));
      return;
    }
    long start = System.nanoTime();
    store.compact().andThen(ar -> compacting.set(false))
        .onSuccess(s -> ctx.json(new JsonObject().put("compacted", true)
            .put("tookMs", (System.nanoTime() - start) / 1_000_000).put("store", AdminJson.store(s, stats.pending()))))
        .onFailure(ctx::fail);
  }

  private void startBackfill(RoutingContext ctx) {
    JsonObject json = jsonBody(ctx);
    backfill.start(text(json, "dir"), text(json, "space"))
        .onSuccess(p -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(AdminJson.backfill(p.snapshot()).encode()))
        .onFailure(ctx::fail);
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject json = ctx.body().asJsonObject();
      if (json == null) throw new BadInput("invalid_json", "send a JSON object as the body");
      return json;
    } catch (DecodeException | ClassCastException e) {
      throw new BadInput("invalid_json", "the body is not a JSON object");
    }
  }

  /** A string field, or null when absent; anything else is a client error. */
  private static String text(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null || value instanceof String) return (String) value;
    throw new BadInput("invalid_" + field, field + " must be a string");
  }

  private static int intParam(RoutingContext ctx, String name, int fallback, int max) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) return fallback;
    try {
      int value = Integer.parseInt(raw);
      if (value >= 1 && value <= max) return value;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadInput("invalid_" + name, name + " must be 1.." + max);
  }
}
