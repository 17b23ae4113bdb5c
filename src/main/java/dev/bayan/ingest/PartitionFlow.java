package dev.bayan.ingest;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The in-flight work of one partition, owned by the ingest verticle's context (no locks).
 * Records are started in offset order and may finish in any order; the committable position only
 * moves past a record once it and every record before it have finished, so a crash never skips one.
 * At most {@code maxInFlight} records run at once; records that arrive beyond that (the consumer
 * had fetched them before the partition paused) wait here, in order.
 */
final class PartitionFlow<R> {
  private final int maxInFlight;
  private final ArrayDeque<Long> started = new ArrayDeque<>();
  private final Set<Long> finished = new HashSet<>();
  private final ArrayDeque<R> waiting = new ArrayDeque<>();
  private int retrying;
  private boolean paused;

  PartitionFlow(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  /** Whether a new record may start now: room left and no record backing off after an overload. */
  boolean canStart() {
    return started.size() - finished.size() < maxInFlight && retrying == 0;
  }

  void start(long offset) {
    started.addLast(offset);
  }

  /**
   * Marks {@code offset} done. Returns the offset to commit (the next one to read) when the
   * committable position moved, else -1.
   */
  long finish(long offset) {
    finished.add(offset);
    long commit = -1;
    while (!started.isEmpty() && finished.remove(started.peekFirst())) commit = started.pollFirst() + 1;
    return commit;
  }

  void waitFor(R record) {
    waiting.addLast(record);
  }

  /** The next waiting record, or null. */
  R nextWaiting() {
    return waiting.pollFirst();
  }

  boolean hasWaiting() {
    return !waiting.isEmpty();
  }

  int inFlight() {
    return started.size() - finished.size();
  }

  void retryBegins() {
    retrying++;
  }

  void retryEnds() {
    retrying--;
  }

  /** The partition should stop fetching: full, or backing off. */
  boolean shouldPause() {
    return !paused && !canStart();
  }

  /** The partition may fetch again: room left and nothing waiting. */
  boolean shouldResume() {
    return paused && canStart() && waiting.isEmpty();
  }

  void paused(boolean value) {
    paused = value;
  }
}
