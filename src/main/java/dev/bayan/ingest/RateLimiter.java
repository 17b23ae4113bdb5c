package dev.bayan.ingest;

import dev.bayan.error.RateLimited;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client (the API key when one is sent, else the remote address). Shared by
 * the HTTP verticle instances; the map is bounded (least recently seen clients are forgotten) so
 * that a flood of addresses cannot grow it.
 */
public final class RateLimiter {
  private static final int MAX_CLIENTS = 100_000;
  private final double perSecond;
  private final int burst;
  private final Map<String, double[]> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  public RateLimiter(double perSecond, int burst) {
    this.perSecond = perSecond;
    this.burst = burst;
  }

  public Handler<RoutingContext> handler() {
    return ctx -> {
      if (perSecond <= 0 || tryAcquire(clientOf(ctx), System.nanoTime())) ctx.next();
      else ctx.fail(new RateLimited("more than " + perSecond + " checks per second from this client"));
    };
  }

  /** bucket[0] = tokens, bucket[1] = last refill time in nanoseconds. */
  synchronized boolean tryAcquire(String client, long now) {
    double[] bucket = buckets.computeIfAbsent(client, c -> new double[] {burst, now});
    bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) / 1e9 * perSecond);
    bucket[1] = now;
    if (bucket[0] < 1) return false;
    bucket[0] -= 1;
    return true;
  }

  private static String clientOf(RoutingContext ctx) {
    String key = ctx.request().getHeader("X-Api-Key");
    return key != null ? "key:" + key : "ip:" + ctx.request().remoteAddress().hostAddress();
  }
}
