package dev.bayan.ingest;

import dev.bayan.error.BadInput;
import dev.bayan.error.BayanException;
import dev.bayan.error.Forbidden;
import dev.bayan.error.NotFound;
import dev.bayan.error.RateLimited;
import dev.bayan.error.Overloaded;
import dev.bayan.error.StoreUnavailable;
import dev.bayan.error.TooLarge;
import dev.bayan.error.Unauthorized;
import dev.bayan.error.UnsupportedMedia;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: a status, and a JSON body with a stable
 * {@code code}. Never a stack trace; unknown failures are logged with a request id and answered 500.
 */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = status(failure, ctx.statusCode());
    boolean timedOut = failure == null && status == 503; // TimeoutHandler: the request outlived http.requestTimeoutMs
    String code = failure instanceof BayanException b ? b.code() : timedOut ? "timeout" : defaultCode(status);
    String message = failure instanceof BayanException b ? b.getMessage() : defaultMessage(status, failure);
    if (timedOut) {
      message = "the check took longer than http.requestTimeoutMs; retry later";
      ctx.response().putHeader("Retry-After", "1");
    } else if (status >= 500 && !(failure instanceof BayanException)) {
      String requestId = UUID.randomUUID().toString();
      LOG.error("request {} {} {} failed", requestId, ctx.request().method(), ctx.request().path(), failure);
      message = message + " (request " + requestId + ")";
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (failure instanceof Overloaded o) ctx.response().putHeader("Retry-After", String.valueOf(o.retryAfterSeconds()));
    if (failure instanceof RateLimited || failure instanceof StoreUnavailable) {
      ctx.response().putHeader("Retry-After", "1");
    }
    if (status == 401) ctx.response().putHeader("WWW-Authenticate", "Bearer");
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message))
            .put("status", status).encode());
  }

  static int status(Throwable failure, int fallback) {
    return switch (failure) {
      case BadInput e -> 400;
      case Unauthorized e -> 401;
      case Forbidden e -> 403;
      case NotFound e -> 404;
      case TooLarge e -> 413;
      case UnsupportedMedia e -> 415;
      case RateLimited e -> 429;
      case Overloaded e -> 503;
      case StoreUnavailable e -> 503;
      case HttpException e -> e.getStatusCode();
      case null, default -> fallback > 0 ? fallback : 500;
    };
  }

  private static String defaultCode(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "body_too_large";
      case 415 -> "unsupported_media_type";
      default -> status >= 500 ? "internal_error" : "http_" + status;
    };
  }

  private static String defaultMessage(int status, Throwable failure) {
    return switch (status) {
      case 413 -> "request body exceeds http.maxBodyBytes";
      case 404 -> "no such resource";
      case 405 -> "method not allowed here";
      default -> status >= 500 ? "internal error" : failure != null && failure.getMessage() != null
          ? failure.getMessage() : "request failed";
    };
  }
}
