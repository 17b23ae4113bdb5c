package dev.bayan;

import dev.bayan.bus.LocalCodec;
import dev.bayan.config.BayanConfig;
import dev.bayan.decide.Policy;
import dev.bayan.embed.EmbedBatcherVerticle;
import dev.bayan.embed.EmbedMetrics;
import dev.bayan.embed.EmbedWorkerVerticle;
import dev.bayan.embed.Embedder;
import dev.bayan.embed.OnnxModel;
import dev.bayan.image.ImageStage;
import dev.bayan.ingest.CheckPipeline;
import dev.bayan.ingest.Credentials;
import dev.bayan.ingest.HttpVerticle;
import dev.bayan.ingest.KafkaIngestVerticle;
import dev.bayan.match.MatchMetrics;
import dev.bayan.match.MatchVerticle;
import dev.bayan.match.Matcher;
import dev.bayan.match.Stores;
import dev.bayan.match.VectorStore;
import dev.bayan.publish.DecisionEvent;
import dev.bayan.publish.FeedHub;
import dev.bayan.publish.FeedVerticle;
import dev.bayan.publish.KafkaPublisherVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;

/** Deploys the stages in dependency order; undeploying it stops them and closes the store. */
public final class BayanVerticle extends VerticleBase {
  private final BayanConfig cfg;
  private final MeterRegistry registry;
  /** Unique per running gateway: feeds and Kafka groups of several instances tell them apart. */
  private final String instanceId = java.util.UUID.randomUUID().toString().substring(0, 8);
  private final AtomicReference<HttpVerticle> http = new AtomicReference<>();
  /** Routes other modules mount on the public HTTP server (admin, feed, dashboard). */
  private final List<Consumer<Router>> routes = new ArrayList<>();
  private VectorStore store;
  private ImageStage images;

  public BayanVerticle(BayanConfig cfg, MeterRegistry registry) {
    this.cfg = cfg;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    long stageTimeout = cfg.http().requestTimeoutMs();
    EmbedMetrics embedMetrics = new EmbedMetrics(registry);
    Policy policy = new Policy(cfg.policy());
    Credentials credentials = new Credentials(cfg.security());
    return vertx.executeBlocking(() -> {
      store = Stores.open(cfg.store(), OnnxModel.probeDimension(cfg.model()));
      return store;
    }).compose(s -> vertx.deployVerticle(() -> new EmbedWorkerVerticle(cfg.model(), cfg.embed(), embedMetrics),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(cfg.embed().workers())
            .setWorkerPoolName("bayan-embed").setWorkerPoolSize(cfg.embed().workers())))
        .compose(id -> vertx.deployVerticle(new EmbedBatcherVerticle(cfg.embed(), embedMetrics, stageTimeout)))
        .compose(id -> vertx.deployVerticle(new MatchVerticle(cfg.match(), store, policy,
            new MatchMetrics(registry, store.kind()))))
        .compose(id -> {
          images = new ImageStage(vertx, cfg.image(), cfg.model());
          Matcher matcher = Matcher.createProxy(vertx, stageTimeout);
          LocalCodec.register(vertx, DecisionEvent.class);
          CheckPipeline pipeline = new CheckPipeline(images, Embedder.createProxy(vertx, stageTimeout), matcher,
              cfg.model().id(), vertx.eventBus(), instanceId);
          String uploads = Path.of(cfg.store().path()).resolveSibling("uploads").toString();
          FeedHub feed = new FeedHub(cfg.feed(), credentials, registry);
          routes.add(feed::mount);
          return vertx.deployVerticle(new FeedVerticle(cfg.kafka(), feed, instanceId))
              .compose(feedId -> vertx.deployVerticle(() -> {
                HttpVerticle verticle = new HttpVerticle(cfg.http(), pipeline, matcher, uploads, credentials,
                    router -> routes.forEach(r -> r.accept(router)));
                http.set(verticle);
                return verticle;
              }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())))
              .compose(httpId -> deployKafka(pipeline));
        });
  }

  /** Kafka in (posts) and out (decisions of HTTP checks), when configured; last, once the pipeline is up. */
  private Future<?> deployKafka(CheckPipeline pipeline) {
    if (!cfg.kafka().enabled()) return Future.succeededFuture();
    return vertx.deployVerticle(new KafkaPublisherVerticle(cfg.kafka(), registry))
        .compose(id -> vertx.deployVerticle(new KafkaIngestVerticle(cfg.kafka(), pipeline, instanceId, registry)));
  }

  /** The bound HTTP port (useful when configured as 0). */
  public int httpPort() {
    return http.get().port();
  }

  @Override
  public Future<?> stop() {
    if (images != null) images.close();
    return vertx.executeBlocking(() -> {
      if (store != null) store.close();
      return null;
    });
  }
}
