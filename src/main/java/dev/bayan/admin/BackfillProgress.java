package dev.bayan.admin;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far one backfill got. Counters are updated from the job's callbacks and read by stats and
 * the CLI's progress bar at any time.
 */
public final class BackfillProgress {
  public enum State { IDLE, RUNNING, DONE, FAILED }

  /** A consistent-enough copy for JSON and the terminal. Times are epoch ms (0 = not yet). */
  public record Snapshot(State state, String dir, String space, int total, int indexed, int skipped, int failed,
                         long startedAt, long finishedAt, String error) {
    public int processed() {
      return indexed + skipped + failed;
    }
  }

  private final String dir;
  private final String space;
  private final long startedAt;
  private final AtomicInteger indexed = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final Promise<Snapshot> done = Promise.promise();
  private volatile int total;
  private volatile State state;
  private volatile long finishedAt;
  private volatile String error;

  BackfillProgress(String dir, String space, State state, long startedAt) {
    this.dir = dir;
    this.space = space;
    this.state = state;
    this.startedAt = startedAt;
  }

  static BackfillProgress idle() {
    return new BackfillProgress(null, null, State.IDLE, 0);
  }

  void total(int files) {
    total = files;
  }

  void indexed(int n) {
    indexed.addAndGet(n);
  }

  void skipped() {
    skipped.incrementAndGet();
  }

  void failed(int n) {
    failed.addAndGet(n);
  }

  void finish(String failure) {
    error = failure;
    finishedAt = System.currentTimeMillis();
    state = failure == null ? State.DONE : State.FAILED;
    done.tryComplete(snapshot());
  }

  public boolean running() {
    return state == State.RUNNING;
  }

  /** Completes (never fails) when the job has ended, with its final numbers. */
  public Future<Snapshot> done() {
    return done.future();
  }

  public Snapshot snapshot() {
    return new Snapshot(state, dir, space, total, indexed.get(), skipped.get(), failed.get(), startedAt, finishedAt,
        error);
  }
}
