package dev.bayan.admin;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The moderator dashboard: static files from {@code webroot/} on the classpath. The page itself
 * is public (it holds no data); everything it shows comes from token-guarded calls. Strict
 * headers: only this origin's scripts, styles, images and connections, never inside a frame.
 */
public final class DashboardRoutes {
  static final String CSP = String.join("; ",
      "default-src 'self'",
      "img-src 'self' blob: data:", // previews of pasted or dropped images
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'");

  public void mount(Router router) {
    Handler<RoutingContext> headers = ctx -> {
      ctx.response().putHeader("Content-Security-Policy", CSP)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("X-Frame-Options", "DENY")
          .putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    };
    // no caching: after an upgrade the browser must not mix old scripts with a new API
    router.get("/").handler(headers).handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.get("/assets/*").handler(headers).handler(StaticHandler.create("webroot/assets")
        .setCachingEnabled(false));
  }
}
