package dev.bayan.admin;

import dev.bayan.decide.Outcome;
import dev.bayan.publish.DecisionEvent;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decisions by outcome over the last minute, the last hour and since start: a ring of one-second
 * buckets (an hour of them) fed by {@link DecisionEvent}s. Synchronized: events arrive on one
 * context, stats are read from the HTTP event loops; both are a few array operations.
 */
public final class DecisionCounts {
  static final int HOUR = 3600;
  private static final Outcome[] OUTCOMES = Outcome.values();

  private final LongSupplier clockMillis;
  private final long[] bucketSecond = new long[HOUR];
  private final long[][] buckets = new long[HOUR][OUTCOMES.length];
  private final long[] total = new long[OUTCOMES.length];

  public DecisionCounts(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
    java.util.Arrays.fill(bucketSecond, -1);
  }

  /** Counts every decision announced on the local bus. */
  public Future<Void> listen(EventBus bus) {
    return bus.<DecisionEvent>localConsumer(DecisionEvent.ADDRESS, m -> add(m.body().decision().outcome()))
        .completion();
  }

  public synchronized void add(Outcome outcome) {
    long second = clockMillis.getAsLong() / 1000;
    int slot = (int) (second % HOUR);
    if (bucketSecond[slot] != second) {
      bucketSecond[slot] = second;
      java.util.Arrays.fill(buckets[slot], 0);
    }
    buckets[slot][outcome.ordinal()]++;
    total[outcome.ordinal()]++;
  }

  /** Decisions of the last {@code seconds} seconds (1..3600), the current one included. */
  public synchronized Map<Outcome, Long> last(int seconds) {
    if (seconds < 1 || seconds > HOUR) throw new IllegalArgumentException("window must be 1..3600 s");
    long now = clockMillis.getAsLong() / 1000;
    long[] sum = new long[OUTCOMES.length];
    for (int slot = 0; slot < HOUR; slot++) {
      if (bucketSecond[slot] > now - seconds && bucketSecond[slot] <= now) {
        for (int o = 0; o < sum.length; o++) sum[o] += buckets[slot][o];
      }
    }
    return toMap(sum);
  }

  public synchronized Map<Outcome, Long> total() {
    return toMap(total);
  }

  private static Map<Outcome, Long> toMap(long[] counts) {
    Map<Outcome, Long> map = new EnumMap<>(Outcome.class);
    for (Outcome o : OUTCOMES) map.put(o, counts[o.ordinal()]);
    return map;
  }
}
