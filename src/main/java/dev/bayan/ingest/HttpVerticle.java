package dev.bayan.ingest;

import dev.bayan.config.HttpConfig;
import dev.bayan.error.BadInput;
import dev.bayan.error.NotFound;
import dev.bayan.error.UnsupportedMedia;
import dev.bayan.match.Matcher;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.util.List;
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
  private HttpServer server;

  public HttpVerticle(HttpConfig cfg, CheckPipeline pipeline, Matcher matcher, String uploadsDir,
                      Credentials credentials, Consumer<Router> extraRoutes) {
    this.credentials = credentials;
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
    // The key is checked on a route of its own: Vert.x allows no plain handler before a
    // BodyHandler on one route (the same split as on main).
    router.post("/v1/check").handler(credentials.apiKey());
    router.post("/v1/check").handler(BodyHandler.create(uploadsDir).setBodyLimit(cfg.maxBodyBytes())
        .setDeleteUploadedFilesOnEnd(true)).handler(this::check);
    router.get("/v1/posts/:postId").handler(this::post);
    router.get("/v1/posts/:postId/thumbnail").handler(this::thumbnail);
    extraRoutes.accept(router);
    router.route().last().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(Problems::handle);
    server = vertx.createHttpServer(new HttpServerOptions().setHost(cfg.host()).setPort(cfg.port())
        .setCompressionSupported(true));
    return server.requestHandler(router).listen();
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return server.actualPort();
  }

  private void check(RoutingContext ctx) {
    imageBytes(ctx).compose(bytes -> {
      CheckRequest request = CheckRequest.of(field(ctx, "postId"), field(ctx, "authorId"), field(ctx, "space"),
          field(ctx, "dryRun"));
      return pipeline.check(request, bytes, "http");
    }).onSuccess(result -> ctx.json(CheckJson.result(result))).onFailure(ctx::fail);
  }

  /** The image: the multipart part named {@code image}, or the whole body for image/* requests. */
  private Future<byte[]> imageBytes(RoutingContext ctx) {
    String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase();
    if (type.startsWith("multipart/form-data")) {
      List<FileUpload> parts = ctx.fileUploads().stream().filter(f -> "image".equals(f.name())).toList();
      if (parts.isEmpty()) return Future.failedFuture(new BadInput("missing_image", "multipart request has no 'image' part"));
      return vertx.fileSystem().readFile(parts.get(0).uploadedFileName()).map(b -> b.getBytes());
    }
    if (!type.startsWith("image/") && !type.startsWith("application/octet-stream")) {
      return Future.failedFuture(new UnsupportedMedia("unsupported_media_type",
          "send an image (image/jpeg, image/png, image/gif, image/webp, image/bmp) as the body or as multipart part 'image'"));
    }
    byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    if (bytes.length == 0) return Future.failedFuture(new BadInput("image_empty", "the request body is empty"));
    return Future.succeededFuture(bytes);
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
    matcher.get(ctx.pathParam("postId")).onSuccess(p -> {
      if (p == null || p.thumbnail() == null) {
        ctx.fail(new NotFound("thumbnail_not_found", "no thumbnail for " + ctx.pathParam("postId")));
      } else {
        ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "max-age=86400")
            .end(io.vertx.core.buffer.Buffer.buffer(p.thumbnail()));
      }
    }).onFailure(ctx::fail);
  }
}
