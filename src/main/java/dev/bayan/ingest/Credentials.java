package dev.bayan.ingest;

import dev.bayan.config.SecurityConfig;
import dev.bayan.error.Forbidden;
import dev.bayan.error.Unauthorized;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Route guards for the configured credentials, compared in constant time. 401 when credentials
 * are missing, 403 when they are present but wrong for this route.
 */
public final class Credentials {
  private final SecurityConfig cfg;

  public Credentials(SecurityConfig cfg) {
    this.cfg = cfg;
  }

  /** Admin routes, the feed and dashboard actions: {@code Authorization: Bearer <adminToken>}. */
  public Handler<RoutingContext> admin() {
    return ctx -> {
      if (adminAllowed(bearer(ctx))) ctx.next();
      else ctx.fail(bearer(ctx) == null ? new Unauthorized("missing_token", "send Authorization: Bearer <admin token>")
          : new Forbidden("wrong_token", "this token may not use admin routes"));
    };
  }

  /**
   * The public check API: {@code X-Api-Key} when keys are configured. The admin bearer token is
   * accepted too (the dashboard's dry-run search runs with it).
   */
  public Handler<RoutingContext> apiKey() {
    return ctx -> {
      String key = ctx.request().getHeader("X-Api-Key");
      if (cfg.apiKeys().isEmpty() || anyEquals(cfg.apiKeys(), key) || adminBearer(ctx)) ctx.next();
      else ctx.fail(key == null ? new Unauthorized("missing_api_key", "send X-Api-Key")
          : new Forbidden("wrong_api_key", "this API key is not accepted"));
    };
  }

  /** Whether {@code token} opens admin routes (also used by the WebSocket feed's query token). */
  public boolean adminAllowed(String token) {
    return cfg.adminToken().isEmpty() || (token != null && constantTimeEquals(cfg.adminToken(), token));
  }

  private boolean adminBearer(RoutingContext ctx) {
    String token = bearer(ctx);
    return !cfg.adminToken().isEmpty() && token != null && constantTimeEquals(cfg.adminToken(), token);
  }

  public static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
  }

  private static boolean anyEquals(List<String> keys, String candidate) {
    boolean match = false;
    for (String key : keys) match |= candidate != null && constantTimeEquals(key, candidate);
    return match;
  }

  static boolean constantTimeEquals(String expected, String actual) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }
}
