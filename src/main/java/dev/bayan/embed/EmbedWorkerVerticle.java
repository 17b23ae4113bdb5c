package dev.bayan.embed;

import dev.bayan.bus.LocalCodec;
import dev.bayan.bus.Replies;
import dev.bayan.config.EmbedConfig;
import dev.bayan.config.ModelConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one ONNX session and runs whole batches on it. Deployed as a worker verticle (several
 * instances, a named pool), reached only through {@link #ADDRESS}.
 */
public final class EmbedWorkerVerticle extends VerticleBase {
  static final String ADDRESS = "bayan.embed.run";
  private static final Logger LOG = LoggerFactory.getLogger(EmbedWorkerVerticle.class);

  private final ModelConfig modelConfig;
  private final EmbedConfig embedConfig;
  private final EmbedMetrics metrics;
  private OnnxModel model;

  public EmbedWorkerVerticle(ModelConfig modelConfig, EmbedConfig embedConfig, EmbedMetrics metrics) {
    this.modelConfig = modelConfig;
    this.embedConfig = embedConfig;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx, EmbedBatch.class);
    LocalCodec.register(vertx, EmbedResult.class);
    model = new OnnxModel(modelConfig, embedConfig); // worker thread: loading blocks, that is fine here
    LOG.info("embed worker ready: model {} ({}-d) on {}", model.id(), model.dimension(), model.device());
    metrics.device(model.device());
    MessageConsumer<EmbedBatch> consumer = vertx.eventBus().localConsumer(ADDRESS, message -> {
      try {
        long start = System.nanoTime();
        float[][] out = model.embed(message.body().tensors());
        metrics.batch(out.length, System.nanoTime() - start);
        message.reply(new EmbedResult(out));
      } catch (Exception | OutOfMemoryError e) {
        LOG.error("embedding a batch of {} failed", message.body().tensors().length, e);
        Replies.fail(message, e);
      }
    });
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    if (model != null) model.close();
    return Future.succeededFuture();
  }
}
