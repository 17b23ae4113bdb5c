package dev.bayan.admin;

import dev.bayan.config.HttpConfig;
import dev.bayan.decide.Match;
import dev.bayan.embed.Embedder;
import dev.bayan.error.BadInput;
import dev.bayan.error.NotFound;
import dev.bayan.image.ImageStage;
import dev.bayan.ingest.ImageUpload;
import dev.bayan.match.Matcher;
import dev.bayan.match.StoredPost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Banks: named lists of known-bad images. An entry is stored like a post in the space
 * {@code bank:<name>} (user spaces cannot contain ':'), so both signals search it with every check;
 * a match against a bank rejects whatever the age of the post and names the bank. Routes sit under
 * /admin and share its bearer-token guard.
 */
public final class BankRoutes {
  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
  private static final Pattern ENTRY = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private final Vertx vertx;
  private final ImageStage images;
  private final Embedder embedder;
  private final Matcher matcher;
  private final StoreTasks store;
  private final HttpConfig http;
  private final String uploads;

  public BankRoutes(Vertx vertx, ImageStage images, Embedder embedder, Matcher matcher, StoreTasks store,
                    HttpConfig http, String uploads) {
    this.vertx = vertx;
    this.images = images;
    this.embedder = embedder;
    this.matcher = matcher;
    this.store = store;
    this.http = http;
    this.uploads = uploads;
  }

  public void mount(Router router) {
    router.get("/admin/banks").handler(this::list);
    router.post("/admin/banks/:name").handler(BodyHandler.create(uploads).setBodyLimit(http.maxBodyBytes())
        .setDeleteUploadedFilesOnEnd(true)).handler(this::add);
    router.delete("/admin/banks/:name/:entryId").handler(this::remove);
  }

  /** The store's post id of a bank entry: unique beside user posts, whose ids have no ':' prefix "bank:". */
  static String postId(String bank, String entryId) {
    return Match.BANK_PREFIX + bank + ":" + entryId;
  }

  private static String bank(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!NAME.matcher(name).matches()) throw new BadInput("invalid_bank", "bank names are 1-64 of a-z 0-9 _ -");
    return name;
  }

  private void add(RoutingContext ctx) {
    String bank = bank(ctx);
    String entry = ctx.request().getParam("entryId", UUID.randomUUID().toString().substring(0, 12));
    if (!ENTRY.matcher(entry).matches()) {
      ctx.fail(new BadInput("invalid_entry_id", "entryId must be 1-64 of A-Z a-z 0-9 . _ @ -"));
      return;
    }
    ImageUpload.bytes(vertx, ctx).compose(images::prepare).compose(prepared -> embedder.embed(prepared.tensor())
            .map(vector -> new StoredPost(postId(bank, entry), null, Match.BANK_PREFIX + bank,
                System.currentTimeMillis(), "bank", vector, prepared.pdq() == null ? null : prepared.pdq().bits(),
                prepared.thumbnail())))
        .compose(post -> matcher.index(List.of(post)).map(post))
        .onSuccess(post -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("bank", bank).put("entryId", entry).put("postId", post.postId())
                .put("pdq", post.pdq() != null).encode()))
        .onFailure(ctx::fail);
  }

  private void remove(RoutingContext ctx) {
    String bank = bank(ctx);
    String entry = ctx.pathParam("entryId");
    matcher.delete(postId(bank, entry)).onSuccess(existed -> {
      if (existed) ctx.response().setStatusCode(204).end();
      else ctx.fail(new NotFound("bank_entry_not_found", "no entry " + entry + " in bank " + bank));
    }).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    store.stats().onSuccess(stats -> {
      JsonArray banks = new JsonArray();
      for (Map.Entry<String, Long> e : stats.perSpace().entrySet()) {
        if (e.getKey().startsWith(Match.BANK_PREFIX)) {
          banks.add(new JsonObject().put("name", e.getKey().substring(Match.BANK_PREFIX.length()))
              .put("entries", e.getValue()));
        }
      }
      ctx.json(new JsonObject().put("banks", banks));
    }).onFailure(ctx::fail);
  }
}
