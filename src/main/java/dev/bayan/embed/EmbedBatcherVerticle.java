package dev.bayan.embed;

import dev.bayan.bus.LocalCodec;
import dev.bayan.bus.Replies;
import dev.bayan.config.EmbedConfig;
import dev.bayan.error.Overloaded;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Micro-batches images for the workers: a batch leaves when it is full ({@code maxBatch}) or when
 * its oldest image has waited {@code maxWaitMs}, and only while a worker is free. Everything runs
 * on this verticle's own event-loop context, so the queue needs no locks.
 */
public final class EmbedBatcherVerticle extends VerticleBase {
  public static final String ADDRESS = "bayan.embed.request";

  private final EmbedConfig cfg;
  private final EmbedMetrics metrics;
  private final ArrayDeque<Message<EmbedRequest>> queue = new ArrayDeque<>();
  private final DeliveryOptions toWorker;
  private int busyWorkers;
  private long timerId = -1;
  private volatile int queued; // the queue's length for other threads: admission and the metrics gauge

  public EmbedBatcherVerticle(EmbedConfig cfg, EmbedMetrics metrics, long stageTimeoutMs) {
    this.cfg = cfg;
    this.metrics = metrics;
    this.toWorker = new DeliveryOptions().setSendTimeout(stageTimeoutMs);
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx, EmbedRequest.class);
    LocalCodec.register(vertx, float[].class);
    metrics.queue(() -> queued);
    return vertx.eventBus().<EmbedRequest>localConsumer(ADDRESS, this::submit).completion();
  }

  /** True while the queue holds {@code embed.maxQueue} images: the next one would be refused (any thread). */
  public boolean full() {
    return queued >= cfg.maxQueue();
  }

  private void submit(Message<EmbedRequest> request) {
    if (queue.size() >= cfg.maxQueue()) {
      metrics.rejected();
      Replies.fail(request, new Overloaded("embed", 1));
      return;
    }
    queue.addLast(request);
    queued = queue.size();
    if (queue.size() >= cfg.maxBatch()) flush();
    else if (timerId < 0) timerId = vertx.setTimer(Math.max(1, cfg.maxWaitMs()), t -> {
      timerId = -1;
      flush();
    });
  }

  /** Sends full batches (and, once the wait expired, a partial one) to free workers. */
  private void flush() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    while (!queue.isEmpty() && busyWorkers < cfg.workers()) {
      List<Message<EmbedRequest>> batch = new ArrayList<>(cfg.maxBatch());
      while (batch.size() < cfg.maxBatch() && !queue.isEmpty()) {
        Message<EmbedRequest> next = queue.pollFirst();
        if (next.body().abandoned().getAsBoolean()) {
          metrics.abandoned();
          Replies.fail(next, new Overloaded("embed (client gone)", 1));
        } else {
          batch.add(next);
        }
      }
      queued = queue.size();
      if (batch.isEmpty()) break;
      int n = batch.size();
      float[][] tensors = new float[n][];
      for (int i = 0; i < n; i++) tensors[i] = batch.get(i).body().tensor();
      busyWorkers++;
      vertx.eventBus().<EmbedResult>request(EmbedWorkerVerticle.ADDRESS, new EmbedBatch(tensors), toWorker)
          .onComplete(ar -> {
            busyWorkers--;
            for (int i = 0; i < n; i++) {
              if (ar.succeeded()) batch.get(i).reply(ar.result().body().embeddings()[i]);
              else Replies.fail(batch.get(i), ar.cause());
            }
            if (!queue.isEmpty() && (queue.size() >= cfg.maxBatch() || timerId < 0)) flush();
          });
    }
    // images left behind wait for a worker; they go out as soon as one answers
  }
}
