package dev.bayan.publish;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/** A real WebSocket client of {@code /v1/feed} that keeps what it receives and hands out awaited events. */
public final class FeedSocket {
  private record Waiter(Predicate<JsonObject> match, Promise<JsonObject> promise) {}

  private final WebSocketClient client; // a field: Vert.x 5 may close an unreachable client
  private final List<JsonObject> received = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private WebSocket socket;

  private FeedSocket(WebSocketClient client) {
    this.client = client;
  }

  /** Connects and waits for the server's hello, after which every new flag reaches this client. */
  public static Future<FeedSocket> connect(Vertx vertx, int port, String uri, String bearer) {
    return connect(vertx, new WebSocketClientOptions(), port, uri, bearer);
  }

  public static Future<FeedSocket> connect(Vertx vertx, WebSocketClientOptions options, int port, String uri,
                                           String bearer) {
    FeedSocket feed = new FeedSocket(vertx.createWebSocketClient(options));
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    if (bearer != null) connect.addHeader("Authorization", "Bearer " + bearer);
    Future<JsonObject> hello = feed.next(j -> "hello".equals(j.getString("type")));
    return feed.client.connect(connect).compose(ws -> {
      feed.socket = ws;
      ws.textMessageHandler(text -> feed.received(new JsonObject(text)));
      return hello;
    }).map(feed);
  }

  /**
   * Sends a WebSocket upgrade request (RFC 6455 handshake headers) and answers the status of the
   * reply: 101 when the server upgrades, else its refusal. A plain HTTP client reads the refusal
   * reliably; a WebSocket client may see the server close the connection before it has parsed it.
   */
  public static Future<Integer> upgradeStatus(Vertx vertx, int port, String uri) {
    HttpClient http = vertx.createHttpClient();
    return http.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(uri)
            .putHeader("Connection", "Upgrade").putHeader("Upgrade", "websocket")
            .putHeader("Sec-WebSocket-Version", "13").putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="))
        .compose(HttpClientRequest::send).map(HttpClientResponse::statusCode)
        .andThen(ar -> http.close());
  }

  /** The first event (already received or still to come) that matches. */
  public Future<JsonObject> next(Predicate<JsonObject> match) {
    for (JsonObject j : received) if (match.test(j)) return Future.succeededFuture(j);
    Promise<JsonObject> promise = Promise.promise();
    waiters.add(new Waiter(match, promise));
    return promise.future();
  }

  /** The first flag for {@code postId}. */
  public Future<JsonObject> flag(String postId) {
    return next(j -> "flag".equals(j.getString("type")) && postId.equals(j.getJsonObject("post").getString("postId")));
  }

  /** Flags received so far, in order. */
  public List<JsonObject> flags() {
    return received.stream().filter(j -> "flag".equals(j.getString("type"))).toList();
  }

  public WebSocket socket() {
    return socket;
  }

  public Future<Void> close() {
    return client.close();
  }

  private void received(JsonObject json) {
    received.add(json);
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.match().test(json)) {
        it.remove();
        w.promise().complete(json);
      }
    }
  }
}
