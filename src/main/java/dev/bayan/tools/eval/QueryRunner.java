package dev.bayan.tools.eval;

import dev.bayan.error.BayanException;
import dev.bayan.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Makes the copies and sends every query, with {@code concurrency} checks in flight so that the
 * gateway batches as it would under real traffic. Copies are made on a few threads of this tool
 * (one decode per source image), the checks go over HTTP.
 */
final class QueryRunner {
  /**
   * The queries of one source image.
   *
   * @param truth its postId when it is an indexed original, null for a negative
   * @param asIs also send the file unmodified (negatives)
   */
  record Job(Path source, String truth, boolean asIs, List<Transform> transforms) {
    int size() {
      return transforms.size() + (asIs ? 1 : 0);
    }
  }

  private final EvalGateway gateway;
  private final ImageDecoder decoder;
  private final CopyMaker maker;
  private final String space;
  private final int concurrency;
  private final PrintStream log;

  QueryRunner(EvalGateway gateway, ImageDecoder decoder, CopyMaker maker, String space, int concurrency,
              PrintStream log) {
    this.gateway = gateway;
    this.decoder = decoder;
    this.maker = maker;
    this.space = space;
    this.concurrency = concurrency;
    this.log = log;
  }

  /** The key that seeds a source's copies: its file name (stable for the same input directory). */
  static String key(Path source) {
    return source.getFileName().toString();
  }

  List<Query> run(List<Job> jobs) throws InterruptedException {
    int total = jobs.stream().mapToInt(Job::size).sum();
    AtomicReferenceArray<Query> results = new AtomicReferenceArray<>(total);
    Semaphore window = new Semaphore(concurrency);
    AtomicInteger done = new AtomicInteger();
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
    ExecutorService makers = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    int base = 0;
    for (Job job : jobs) {
      int first = base;
      makers.execute(() -> runJob(job, first, results, window, done, total, start));
      base += job.size();
    }
    makers.shutdown();
    makers.awaitTermination(365, TimeUnit.DAYS);
    window.acquire(concurrency); // every check answered
    List<Query> queries = new ArrayList<>(total);
    for (int i = 0; i < total; i++) if (results.get(i) != null) queries.add(results.get(i));
    return queries;
  }

  private void runJob(Job job, int first, AtomicReferenceArray<Query> results, Semaphore window, AtomicInteger done,
                      int total, long start) {
    int index = first;
    try {
      if (job.asIs()) {
        send(new Query(index++, job.source(), null, job.truth(), "as-is", null), Files.readAllBytes(job.source()),
            results, window, done, total, start);
      }
      BufferedImage image;
      try {
        image = EvalInputs.read(decoder, job.source());
      } catch (BayanException e) { // the gateway could not read it either: no copies to make
        log.printf("eval: %s cannot be decoded (%s): no copies%n", job.source().getFileName(), e.getMessage());
        return;
      }
      for (Transform t : job.transforms()) {
        Transform.Edited copy = maker.make(image, t, key(job.source()));
        send(new Query(index++, job.source(), t, job.truth(), copy.label(), null), CopyMaker.encode(copy.image()),
            results, window, done, total, start);
      }
    } catch (IOException e) {
      log.printf("eval: cannot read %s: %s%n", job.source(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(Query planned, byte[] bytes, AtomicReferenceArray<Query> results, Semaphore window,
                    AtomicInteger done, int total, long start) throws InterruptedException {
    window.acquire();
    gateway.check(bytes, space).onComplete(ar -> {
      Answer answer = ar.succeeded() ? ar.result() : Answer.failed(String.valueOf(ar.cause()));
      results.set(planned.index(), new Query(planned.index(), planned.source(), planned.transform(), planned.truth(),
          planned.label(), answer));
      window.release();
      int n = done.incrementAndGet();
      if (n % Math.max(1, total / 20) == 0 || n == total) {
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "eval: %d/%d checks (%.1f/s)%n", n, total, n / seconds);
      }
    });
  }
}
