package dev.bayan.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.TestGateway;
import dev.bayan.config.EmbedConfig;
import dev.bayan.config.ModelConfig;
import dev.bayan.error.Overloaded;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The batcher and worker verticles with the real model. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class EmbedStageTest {
  private static final ModelConfig MODEL = new ModelConfig("test", TestGateway.model().toString(), "input",
      "embedding_mid", 224, "NCHW", List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), false);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private Future<Embedder> deploy(Vertx vertx, EmbedConfig cfg) {
    EmbedMetrics metrics = new EmbedMetrics(registry);
    return vertx.deployVerticle(() -> new EmbedWorkerVerticle(MODEL, cfg, metrics),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(cfg.workers()))
        .compose(id -> vertx.deployVerticle(new EmbedBatcherVerticle(cfg, metrics, 30_000)))
        .map(id -> Embedder.createProxy(vertx, 30_000));
  }

  /** Image 0 is the golden input of the model contract; others are different stripe patterns. */
  private static float[] image(int k) {
    float[] t = new float[3 * 224 * 224];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 224; y++) {
        for (int x = 0; x < 224; x++) {
          t[c * 224 * 224 + y * 224 + x] = (x * (7 + 20 * k) + y * (13 + 3 * k) + c * 50) % 256;
        }
      }
    }
    return t;
  }

  @Test
  void concurrentImagesShareBatchesAndGetTheirOwnEmbedding(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, new EmbedConfig(1, 1, 8, 20, 64, "cpu")).compose(embedder -> {
      List<Future<float[]>> all = new ArrayList<>();
      for (int i = 0; i < 8; i++) all.add(embedder.embed(image(i % 2), () -> false));
      return Future.all(all).map(f -> all.stream().map(Future::result).toList());
    }).onComplete(ctx.succeeding(vectors -> ctx.verify(() -> {
      assertThat(vectors.get(0)).hasSize(576);
      assertThat(vectors.get(0)[0]).isCloseTo(0.0339346f, org.assertj.core.data.Offset.offset(1e-4f));
      assertThat(vectors.get(2)).containsExactly(vectors.get(0));
      assertThat(Vectors.dot(vectors.get(0), vectors.get(1))).isLessThan(0.999f);
      var sizes = registry.find("bayan.embed.batch.size").summary();
      assertThat(sizes.count()).isLessThan(8); // at least two images rode together
      assertThat(sizes.max()).isGreaterThan(1);
      ctx.completeNow();
    })));
  }

  @Test
  void aFullQueueAnswersOverloadedAndAbandonedImagesAreDropped(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, new EmbedConfig(1, 1, 1, 0, 2, "cpu")).compose(embedder -> {
      // maxBatch 1, maxQueue 2: the first goes to the worker, the next two wait, the rest are refused
      List<Future<float[]>> all = new ArrayList<>();
      all.add(embedder.embed(image(0), () -> false));
      Future<float[]> abandoned = embedder.embed(image(1), () -> true); // waits, and nobody wants it any more
      for (int i = 2; i < 7; i++) all.add(embedder.embed(image(i), () -> false));
      return Future.join(all).transform(ar -> Future.succeededFuture(all)).compose(done ->
          abandoned.transform(ar -> Future.succeededFuture(List.of(all, ar.failed()))));
    }).onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      @SuppressWarnings("unchecked")
      List<Future<float[]>> all = (List<Future<float[]>>) result.get(0);
      long overloaded = all.stream().filter(f -> f.failed() && f.cause() instanceof Overloaded).count();
      assertThat(overloaded).isGreaterThanOrEqualTo(1);
      assertThat(all.stream().filter(Future::succeeded).count()).isGreaterThanOrEqualTo(2);
      assertThat(result.get(1)).isEqualTo(true);
      assertThat(registry.find("bayan.embed.rejected").counter().count()).isEqualTo(overloaded);
      assertThat(registry.find("bayan.embed.abandoned").counter().count()).isEqualTo(1);
      ctx.completeNow();
    })));
  }
}
