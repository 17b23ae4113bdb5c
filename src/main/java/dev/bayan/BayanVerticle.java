package dev.bayan;

import dev.bayan.admin.AdminApi;
import dev.bayan.admin.BankRoutes;
import dev.bayan.admin.BackfillJob;
import dev.bayan.admin.DashboardRoutes;
import dev.bayan.admin.DecisionCounts;
import dev.bayan.admin.OpsRoutes;
import dev.bayan.admin.PolicyFile;
import dev.bayan.admin.StatsReport;
import dev.bayan.admin.StoreTasks;
import dev.bayan.bus.LocalCodec;
import dev.bayan.config.BayanConfig;
import dev.bayan.decide.Feedback;
import dev.bayan.decide.Policy;
import dev.bayan.embed.EmbedBatcherVerticle;
import dev.bayan.embed.EmbedMetrics;
import dev.bayan.embed.EmbedWorkerVerticle;
import dev.bayan.embed.Embedder;
import dev.bayan.embed.OnnxModel;
import dev.bayan.image.ImageStage;
import dev.bayan.ingest.CheckMetrics;
import dev.bayan.ingest.CheckPipeline;
import dev.bayan.ingest.Credentials;
import dev.bayan.ingest.RateLimiter;
import dev.bayan.ingest.FlaggedThumbnails;
import dev.bayan.ingest.HttpVerticle;
import dev.bayan.ingest.KafkaIngestVerticle;
import dev.bayan.match.MatchMetrics;
import dev.bayan.match.MatchVerticle;
import dev.bayan.match.Matcher;
import dev.bayan.match.Stores;
import dev.bayan.match.VectorStore;
import dev.bayan.publish.DecisionEvent;
import dev.bayan.publish.DecisionLog;
import dev.bayan.publish.FeedHub;
import dev.bayan.publish.FeedVerticle;
import dev.bayan.publish.KafkaPublisherVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Deploys the stages in dependency order; undeploying it stops them and closes the store. */
public final class BayanVerticle extends VerticleBase {
  /** Images a backfill embeds at once: fills embed batches, stays below embed.maxQueue (64 by default). */
  private static final int BACKFILL_CHUNK = 32;
  /** Flagged posts whose thumbnail moderators can still open (about 5 KB each). */
  private static final int FLAGGED_THUMBNAILS = 2048;

  private final BayanConfig cfg;
  private final MeterRegistry registry;
  /** Unique per running gateway: feeds and Kafka groups of several instances tell them apart. */
  private final String instanceId = java.util.UUID.randomUUID().toString().substring(0, 8);
  private final AtomicReference<HttpVerticle> http = new AtomicReference<>();
  /** Routes other modules mount on the public HTTP server (admin, feed, dashboard). */
  private final List<Consumer<Router>> routes = new ArrayList<>();
  /** What /health/ready checks; modules with their own dependencies (Kafka) add theirs. */
  private final List<OpsRoutes.Check> readiness = new CopyOnWriteArrayList<>();
  private volatile boolean modelLoaded;
  private volatile boolean storeOpen;
  private volatile MatchVerticle match;
  private VectorStore store;
  private Policy policy;
  private Feedback feedback;
  private Buffer openApi;
  private ImageStage images;
  private Embedder embedder;
  private StoreTasks storeTasks;
  private BackfillJob backfill;

  public BayanVerticle(BayanConfig cfg, MeterRegistry registry) {
    this.cfg = cfg;
    this.registry = registry;
    readiness.add(new OpsRoutes.Check("model", () -> modelLoaded));
    readiness.add(new OpsRoutes.Check("store", () -> storeOpen && (match == null || match.storeReady())));
  }

  /** Adds routes to the public HTTP server; call before deploying. */
  public void mount(Consumer<Router> module) {
    routes.add(module);
  }

  /** Adds a condition to /health/ready (e.g. "kafka" connected); may be called at any time. */
  public void addReadinessCheck(String name, BooleanSupplier up) {
    readiness.add(new OpsRoutes.Check(name, up));
  }

  /** A file that lives next to the store (policy, feedback log). */
  private Path besideStore(String name) {
    return Path.of(cfg.store().path()).toAbsolutePath().resolveSibling(name);
  }

  @Override
  public Future<?> start() {
    long stageTimeout = cfg.http().requestTimeoutMs();
    EmbedMetrics embedMetrics = new EmbedMetrics(registry);
    Credentials credentials = new Credentials(cfg.security());
    RateLimiter rateLimiter = new RateLimiter(cfg.http().ratePerClient(), cfg.http().rateBurst());
    PolicyFile policyFile = new PolicyFile(besideStore("policy.json"));
    return vertx.executeBlocking(() -> {
      store = Stores.open(cfg.store(), OnnxModel.probeDimension(cfg.model()));
      storeOpen = true;
      policy = new Policy(policyFile.load().orElse(cfg.policy()));
      feedback = Feedback.open(besideStore("feedback.jsonl"));
      openApi = OpsRoutes.loadOpenApi();
      return store;
    }).compose(s -> deployEmbedding(vertx, cfg, embedMetrics))
        .compose(batcher -> {
          modelLoaded = true;
          embedder = Embedder.createProxy(vertx, stageTimeout, batcher::full);
          MatchMetrics matchMetrics = new MatchMetrics(registry, store.kind());
          match = new MatchVerticle(cfg.match(), store, policy, feedback, matchMetrics);
          return vertx.deployVerticle(match)
              .map(matchMetrics);
        })
        .compose(matchMetrics -> {
          images = new ImageStage(vertx, cfg.image(), cfg.model());
          io.micrometer.core.instrument.Gauge.builder("bayan.queue.depth", images::queued).tag("stage", "image")
              .register(registry);
          Matcher matcher = Matcher.createProxy(vertx, stageTimeout);
          LocalCodec.register(vertx, DecisionEvent.class);
          FlaggedThumbnails flagged = new FlaggedThumbnails(FLAGGED_THUMBNAILS);
          CheckPipeline pipeline = new CheckPipeline(images, embedder, matcher, cfg.model().id(), vertx.eventBus(),
              instanceId, new CheckMetrics(registry), flagged);
          DecisionCounts counts = new DecisionCounts(System::currentTimeMillis);
          storeTasks = new StoreTasks(vertx, store);
          backfill = new BackfillJob(vertx, images, embedder, matcher::index, BACKFILL_CHUNK);
          StatsReport stats = new StatsReport(cfg.model().id(), counts, registry, embedMetrics, matchMetrics,
              storeTasks, backfill, feedback);
          routes.add(new OpsRoutes(vertx, readiness, registry, openApi)::mount);
          routes.add(new AdminApi(vertx, credentials, policy, policyFile, matcher, feedback, storeTasks, stats,
              backfill)::mount);
          routes.add(new BankRoutes(vertx, images, embedder, matcher, storeTasks, cfg.http(), besideStore("uploads")
              .toString())::mount);
          routes.add(new DashboardRoutes()::mount);
          String uploads = besideStore("uploads").toString();
          FeedHub feed = new FeedHub(cfg.feed(), credentials, registry);
          routes.add(feed::mount);
          return Future.join(counts.listen(vertx.eventBus()), DecisionLog.listen(vertx.eventBus()))
              .compose(v -> vertx.deployVerticle(new FeedVerticle(cfg.kafka(), feed, instanceId)))
              .compose(v -> vertx.deployVerticle(() -> {
                HttpVerticle verticle = new HttpVerticle(cfg.http(), pipeline, matcher, uploads, credentials,
                    rateLimiter, flagged, router -> routes.forEach(r -> r.accept(router)));
                http.set(verticle);
                return verticle;
              }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())))
              .compose(httpId -> deployKafka(pipeline));
        });
  }

  /**
   * The embed stage: worker verticles that own the ONNX sessions, and their batcher (tools use it too),
   * returned for its {@link EmbedBatcherVerticle#full}.
   */
  public static Future<EmbedBatcherVerticle> deployEmbedding(Vertx vertx, BayanConfig cfg, EmbedMetrics metrics) {
    EmbedBatcherVerticle batcher = new EmbedBatcherVerticle(cfg.embed(), metrics, cfg.http().requestTimeoutMs());
    return vertx.deployVerticle(() -> new EmbedWorkerVerticle(cfg.model(), cfg.embed(), metrics),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(cfg.embed().workers())
                .setWorkerPoolName("bayan-embed").setWorkerPoolSize(cfg.embed().workers()))
        .compose(id -> vertx.deployVerticle(batcher)).map(batcher);
  }

  /** Kafka in (posts) and out (decisions of HTTP checks), when configured; last, once the pipeline is up. */
  private Future<?> deployKafka(CheckPipeline pipeline) {
    if (!cfg.kafka().enabled()) return Future.succeededFuture();
    return vertx.deployVerticle(new KafkaPublisherVerticle(cfg.kafka(), registry))
        .compose(id -> {
          KafkaIngestVerticle ingest = new KafkaIngestVerticle(cfg.kafka(), pipeline, instanceId, registry);
          addReadinessCheck("kafka", ingest::connected);
          return vertx.deployVerticle(ingest);
        });
  }

  /** The bound HTTP port (useful when configured as 0). */
  public int httpPort() {
    return http.get().port();
  }

  @Override
  public Future<?> stop() {
    if (backfill != null) backfill.cancel();
    if (images != null) images.close();
    if (storeTasks != null) storeTasks.close();
    storeOpen = false;
    modelLoaded = false;
    return vertx.executeBlocking(() -> {
      if (store != null) store.close();
      return null;
    });
  }
}
