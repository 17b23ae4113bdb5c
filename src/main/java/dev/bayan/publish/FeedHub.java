package dev.bayan.publish;

import dev.bayan.config.FeedConfig;
import dev.bayan.error.BadInput;
import dev.bayan.error.Forbidden;
import dev.bayan.error.Unauthorized;
import dev.bayan.ingest.Credentials;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/feed}: the WebSocket live feed of flagged posts. Connecting needs the admin token
 * ({@code ?token=} for browsers, which cannot set headers on a WebSocket, or
 * {@code Authorization: Bearer}); {@code ?space=} narrows the feed to one space. The hub fans each
 * event out to the connected clients, whichever event loop they live on.
 */
public final class FeedHub {
  private static final Pattern SPACE = Pattern.compile("[a-z0-9_-]{1,64}");

  private final FeedConfig cfg;
  private final Credentials credentials;
  private final FeedMetrics metrics;
  private final Set<FeedClient> clients = ConcurrentHashMap.newKeySet();

  public FeedHub(FeedConfig cfg, Credentials credentials, MeterRegistry registry) {
    this.cfg = cfg;
    this.credentials = credentials;
    this.metrics = new FeedMetrics(registry, clients::size);
  }

  /**
   * Mounts the feed route ahead of the router's request timeout: a WebSocket outlives any request
   * deadline, and a timeout firing on an upgraded connection would try to answer it with a 503.
   */
  public void mount(Router router) {
    router.get("/v1/feed").order(-1).handler(this::connect);
  }

  /** Sends a flagged decision to every client whose filter it passes. */
  public void publish(DecisionEvent event) {
    String json = FeedJson.flag(event, cfg.thumbnails()).encode();
    for (FeedClient client : clients) client.offer(event.space(), json);
  }

  private void connect(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    if (token == null) token = Credentials.bearer(ctx);
    if (!credentials.adminAllowed(token)) {
      ctx.fail(token == null ? new Unauthorized("missing_token", "send ?token=<admin token> or Authorization: Bearer")
          : new Forbidden("wrong_token", "this token may not open the feed"));
      return;
    }
    String space = ctx.request().getParam("space");
    if (space != null && !SPACE.matcher(space).matches()) {
      ctx.fail(new BadInput("invalid_space", "space must be 1-64 of a-z 0-9 _ -"));
      return;
    }
    ctx.request().toWebSocket().onSuccess(socket -> add(socket, space)).onFailure(e -> {
      if (!ctx.response().headWritten()) {
        ctx.fail(new BadInput("websocket_required", "GET /v1/feed upgrades to a WebSocket"));
      }
    });
  }

  private void add(ServerWebSocket socket, String space) {
    FeedClient client = new FeedClient(socket, Vertx.currentContext(), space, cfg.bufferSize(), metrics);
    socket.closeHandler(v -> clients.remove(client));
    socket.textMessageHandler(text -> { }); // the feed is one-way; pings are answered by Vert.x
    clients.add(client);
    if (socket.isClosed()) { // gone before the close handler was set
      clients.remove(client);
      return;
    }
    // Tells the client it is subscribed: every flag decided from now on reaches it.
    socket.writeTextMessage(new JsonObject().put("type", "hello").put("space", space).encode());
  }
}
