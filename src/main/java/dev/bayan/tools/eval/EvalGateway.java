package dev.bayan.tools.eval;

import dev.bayan.BayanVerticle;
import dev.bayan.config.BayanConfig;
import dev.bayan.config.ConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real gateway in this JVM on a fresh embedded store, spoken to over HTTP on loopback exactly
 * as a client would: the admin backfill indexes, {@code POST /v1/check?dryRun=true} queries (same
 * decode, model, store and decision code as production; nothing the queries send is indexed).
 */
final class EvalGateway implements AutoCloseable {
  /** Matches asked per answer: enough evidence for the curves, below the usual store candidates (100). */
  static final int MAX_MATCHES = 20;
  private static final long POLL_MS = 250;

  private final Vertx vertx;
  private final String deploymentId;
  private final WebClient client;
  private final int port;
  private final String token;
  private final BayanConfig config;

  private EvalGateway(Vertx vertx, String deploymentId, WebClient client, int port, String token, BayanConfig config) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.client = client;
    this.port = port;
    this.token = token;
    this.config = config;
  }

  /**
   * Starts a gateway from {@code conf} plus {@code extra} overrides, with what the evaluation
   * needs on top: loopback on a free port, a fresh embedded store under {@code storeDir}, no rate
   * limit, a random admin token, and {@link #MAX_MATCHES} matches per answer.
   */
  static EvalGateway start(Vertx vertx, Path conf, Path storeDir, Map<String, String> extra, int concurrency) {
    BayanConfig base = ConfigLoader.load(conf, extra);
    String token = UUID.randomUUID().toString();
    Map<String, String> overrides = new HashMap<>(extra);
    overrides.put("bayan.http.port", "0");
    overrides.put("bayan.http.host", "127.0.0.1");
    overrides.put("bayan.http.ratePerClient", "0");
    overrides.put("bayan.store.kind", "embedded");
    overrides.put("bayan.store.path", storeDir.resolve("store").toString());
    overrides.put("bayan.security.adminToken", token);
    overrides.put("bayan.match.maxMatches", Integer.toString(Math.min(MAX_MATCHES, base.match().candidates())));
    BayanConfig cfg = ConfigLoader.load(conf, overrides);
    BayanVerticle gateway = new BayanVerticle(cfg, new SimpleMeterRegistry());
    String id = vertx.deployVerticle(gateway).await();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(Math.max(1, concurrency)));
    return new EvalGateway(vertx, id, client, gateway.httpPort(), token, cfg);
  }

  BayanConfig config() {
    return config;
  }

  /** Indexes every image in {@code dir} (postId = file name without extension); completes when the job ends. */
  Future<JsonObject> backfill(Path dir, String space) {
    JsonObject body = new JsonObject().put("dir", dir.toAbsolutePath().toString()).put("space", space);
    return request(client.post(port, "127.0.0.1", "/admin/backfill")).sendJsonObject(body)
        .compose(r -> r.statusCode() == 202 ? Future.succeededFuture()
            : Future.failedFuture("backfill refused: HTTP " + r.statusCode() + " " + r.bodyAsString()))
        .compose(v -> poll());
  }

  private Future<JsonObject> poll() {
    return request(client.get(port, "127.0.0.1", "/admin/backfill")).send().compose(r -> {
      JsonObject state = r.bodyAsJsonObject();
      if (!"running".equals(state.getString("state"))) return Future.succeededFuture(state);
      Promise<Void> later = Promise.promise();
      vertx.setTimer(POLL_MS, t -> later.complete());
      return later.future().compose(v -> poll());
    });
  }

  /** Whether the store holds {@code postId}. */
  Future<Boolean> holds(String postId) {
    return request(client.get(port, "127.0.0.1", "/v1/posts/" + postId)).send().map(r -> r.statusCode() == 200);
  }

  /** The policy in force, as the admin API shows it. */
  Future<JsonObject> policy() {
    return request(client.get(port, "127.0.0.1", "/admin/policy")).send().map(HttpResponse::bodyAsJsonObject);
  }

  /** A dry-run check of {@code image} in {@code space}: never fails, a failed check is an {@link Answer#failed}. */
  Future<Answer> check(byte[] image, String space) {
    return request(client.post(port, "127.0.0.1", "/v1/check"))
        .addQueryParam("dryRun", "true").addQueryParam("space", space)
        .putHeader("Content-Type", "application/octet-stream")
        .sendBuffer(Buffer.buffer(image))
        .map(r -> r.statusCode() == 200 ? answer(r.bodyAsJsonObject())
            : Answer.failed("HTTP " + r.statusCode() + " " + shorten(r.bodyAsString())))
        .recover(e -> Future.succeededFuture(Answer.failed(String.valueOf(e.getMessage()))));
  }

  private HttpRequest<Buffer> request(HttpRequest<Buffer> request) {
    return request.bearerTokenAuthentication(token);
  }

  /** The answer format: see {@link Candidate}; pdqDistance may be absent (gateways without PDQ evidence). */
  static Answer answer(JsonObject json) {
    List<Candidate> candidates = new ArrayList<>();
    JsonArray matches = json.getJsonArray("matches", new JsonArray());
    for (int i = 0; i < matches.size(); i++) {
      JsonObject m = matches.getJsonObject(i);
      Number similarity = (Number) m.getValue("similarity");
      Number distance = (Number) m.getValue("pdqDistance");
      candidates.add(new Candidate(m.getString("postId"), similarity == null ? null : similarity.doubleValue(),
          distance == null ? null : distance.intValue(), m.getString("signal", "cnn")));
    }
    JsonObject original = json.getJsonObject("original");
    return new Answer(json.getString("decision"), original == null ? null : original.getString("postId"), candidates,
        null);
  }

  private static String shorten(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
  }

  @Override
  public void close() {
    vertx.undeploy(deploymentId).await();
    client.close();
  }
}
