package dev.bayan.ingest;

import dev.bayan.config.HttpConfig;
import dev.bayan.error.NotFound;
import dev.bayan.match.Matcher;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The public HTTP API on the event loop: parse, validate, hand to the pipeline, answer. Several
 * instances share the port. Other modules add their routes through {@code extraRoutes}.
 */
public final class HttpVerticle extends VerticleBase {
  private final HttpConfig cfg;
  private final CheckPipeline pipeline;
  private final Matcher matcher;
  private final String uploadsDir;
  private final Consumer<Router> extraRoutes;
  private final Credentials credentials;
  private final RateLimiter rateLimiter;
  private final FlaggedThumbnails flagged;
  private HttpServer server;

  public HttpVerticle(HttpConfig cfg, CheckPipeline pipeline, Matcher matcher, String uploadsDir,
                      Credentials credentials, RateLimiter rateLimiter, FlaggedThumbnails flagged,
                      Consumer<Router> extraRoutes) {
    this.flagged = flagged;
    this.credentials = credentials;
    this.rateLimiter = rateLimiter;
    this.cfg = cfg;
    this.pipeline = pipeline;
    this.matcher = matcher;
    this.uploadsDir = uploadsDir;
    this.extraRoutes = extraRoutes;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(TimeoutHandler.create(cfg.requestTimeoutMs(), 503));
    // Key, rate and a full queue are checked on a route of their own: Vert.x allows no plain handler
    // before a BodyHandler on one route, and a stranger's or a shed upload must be refused before it is read.
    router.post("/v1/check").handler(credentials.apiKey()).handler(rateLimiter.handler())
        .handler(ctx -> pipeline.admit().onSuccess(v -> ctx.next()).onFailure(ctx::fail));
    router.post("/v1/check").handler(BodyHandler.create(uploadsDir).setBodyLimit(cfg.maxBodyBytes())
        .setDeleteUploadedFilesOnEnd(true)).handler(this::check);
    router.get("/v1/posts/:postId").handler(this::post);
    router.get("/v1/posts/:postId/thumbnail").handler(this::thumbnail);
    extraRoutes.accept(router);
    router.route().last().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(Problems::handle);
    HttpServerOptions options = new HttpServerOptions().setHost(cfg.host()).setPort(cfg.port())
        .setCompressionSupported(true);
    if (cfg.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cfg.tlsCertPath())
          .setKeyPath(cfg.tlsKeyPath()));
    }
    server = vertx.createHttpServer(options);
    return server.requestHandler(router).listen();
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return server.actualPort();
  }

  private void check(RoutingContext ctx) {
    AtomicBoolean gone = new AtomicBoolean();
    ctx.response().closeHandler(v -> gone.set(true)); // the client hung up: drop its work from the queues
    ImageUpload.bytes(vertx, ctx).compose(bytes -> {
      CheckRequest request = CheckRequest.of(field(ctx, "postId"), field(ctx, "authorId"), field(ctx, "space"),
          field(ctx, "dryRun"));
      return pipeline.check(request, bytes, "http", gone::get);
    }).onSuccess(result -> ctx.json(CheckJson.result(result))).onFailure(ctx::fail);
  }

  /** A form field wins over the query string. */
  private static String field(RoutingContext ctx, String name) {
    String form = ctx.request().getFormAttribute(name);
    return form != null ? form : ctx.request().getParam(name);
  }

  private void post(RoutingContext ctx) {
    matcher.get(ctx.pathParam("postId")).onSuccess(p -> {
      if (p == null) ctx.fail(new NotFound("post_not_found", "no post " + ctx.pathParam("postId")));
      else ctx.json(CheckJson.post(p));
    }).onFailure(ctx::fail);
  }

  private void thumbnail(RoutingContext ctx) {
    String postId = ctx.pathParam("postId");
    matcher.get(postId).onSuccess(p -> {
      byte[] jpeg = p != null && p.thumbnail() != null ? p.thumbnail() : flagged.get(postId);
      if (jpeg == null) {
        ctx.fail(new NotFound("thumbnail_not_found", "no thumbnail for " + postId));
      } else {
        ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "max-age=86400")
            .end(io.vertx.core.buffer.Buffer.buffer(jpeg));
      }
    }).onFailure(ctx::fail);
  }
}
