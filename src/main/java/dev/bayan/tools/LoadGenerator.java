package dev.bayan.tools;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends real images to {@code POST /v1/check} on loopback, bounded in count and time. Every
 * request carries a fresh postId so that each is a new post.
 */
final class LoadGenerator {
  /**
   * One step: {@code errors} counts every answer but 200, {@code shed} the 503 and 429 among them
   * (the gateway refusing load); latency percentiles are of the 200 answers.
   */
  record Result(int requests, int errors, int shed, double perSecond, double p50, double p95, double p99) {}

  private static final int MAX_SAMPLES = 1_000_000;
  private final Vertx vertx;
  private final WebClient client;
  private final int port;
  private final AtomicInteger postSeq = new AtomicInteger();

  LoadGenerator(Vertx vertx, WebClient client, int port) {
    this.vertx = vertx;
    this.client = client;
    this.port = port;
  }

  /** {@code concurrency} callers, each sending its next request when the previous one answered. */
  Result closedLoop(List<byte[]> images, int concurrency, int seconds) {
    Samples samples = new Samples();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    Future<?>[] callers = new Future<?>[concurrency];
    for (int c = 0; c < concurrency; c++) {
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(v -> loop(images, deadline, samples, done));
      callers[c] = done.future();
    }
    Future.join(List.of(callers)).await();
    return samples.result(System.nanoTime() - start);
  }

  private void loop(List<byte[]> images, long deadline, Samples samples, Promise<Void> done) {
    if (System.nanoTime() >= deadline || samples.full()) {
      done.complete();
      return;
    }
    send(images, samples).onComplete(ar -> loop(images, deadline, samples, done));
  }

  /** Requests at a fixed rate whatever the answers (latency without coordinated omission). */
  Result openLoop(List<byte[]> images, double perSecond, int seconds) {
    Samples samples = new Samples();
    long total = Math.round(perSecond * seconds);
    long intervalNanos = (long) (1e9 / perSecond);
    long start = System.nanoTime();
    Promise<Void> done = Promise.promise();
    AtomicInteger answered = new AtomicInteger();
    vertx.runOnContext(v -> {
      for (long i = 0; i < total; i++) {
        long delayMs = Math.max(1, (i * intervalNanos) / 1_000_000);
        vertx.setTimer(delayMs, t -> send(images, samples).onComplete(ar -> {
          if (answered.incrementAndGet() == total) done.complete();
        }));
      }
    });
    done.future().await();
    return samples.result(System.nanoTime() - start);
  }

  private Future<Void> send(List<byte[]> images, Samples samples) {
    int seq = postSeq.getAndIncrement();
    byte[] image = images.get(seq % images.size());
    long sent = System.nanoTime();
    return client.post(port, "127.0.0.1", "/v1/check?postId=bench-" + seq).putHeader("Content-Type", "image/jpeg")
        .sendBuffer(Buffer.buffer(image))
        .map(r -> {
          samples.add(System.nanoTime() - sent, r.statusCode());
          return (Void) null;
        })
        .recover(e -> {
          samples.add(System.nanoTime() - sent, 0);
          return Future.succeededFuture();
        });
  }

  /** Latencies of one step (appended from the event loop only). */
  private static final class Samples {
    private final long[] nanos = new long[MAX_SAMPLES];
    private int ok;
    private int errors;
    private int shed;

    /** {@code status} 0: no answer (connection failed). */
    synchronized void add(long latency, int status) {
      if (status == 200) {
        if (ok < nanos.length) nanos[ok++] = latency;
        return;
      }
      errors++;
      if (status == 503 || status == 429) shed++;
    }

    synchronized boolean full() {
      return ok >= nanos.length;
    }

    synchronized Result result(long elapsedNanos) {
      Percentiles p = new Percentiles(nanos, ok);
      return new Result(ok + errors, errors, shed, ok / (elapsedNanos / 1e9), p.ms(50), p.ms(95), p.ms(99));
    }
  }
}
