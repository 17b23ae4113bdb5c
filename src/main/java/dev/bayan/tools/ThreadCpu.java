package dev.bayan.tools;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM split by thread group (the thread name without its numbers, e.g.
 * {@code bayan-image-}), so a benchmark can say where the core-milliseconds of a check go.
 * What no Java thread accounts for (GC, JIT compiler, threads that ended) is reported as "other", with the
 * JVM's own clocks beside it to tell which: collectors' pause time and the compilers' time, both wall-clock
 * milliseconds per unit (GC pauses run on up to one thread per core, so their CPU can be a multiple).
 */
final class ThreadCpu {
  private final Map<Long, Long> threadNanos;
  private final Map<Long, String> names;
  private final long processNanos;
  private final long gcMillis;
  private final long jitMillis;

  private ThreadCpu(Map<Long, Long> threadNanos, Map<Long, String> names, long processNanos) {
    this.threadNanos = threadNanos;
    this.names = names;
    this.processNanos = processNanos;
    this.gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    this.jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  static ThreadCpu now() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) continue;
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu < 0) continue;
      nanos.put(info.getThreadId(), cpu);
      names.put(info.getThreadId(), info.getThreadName());
    }
    long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    return new ThreadCpu(nanos, names, process);
  }

  /** Core-milliseconds per unit of work since {@code before}, by thread group, largest first. */
  String perUnitSince(ThreadCpu before, long units) {
    Map<String, Long> byGroup = nanosByGroupSince(before);
    long accounted = byGroup.values().stream().mapToLong(Long::longValue).sum();
    long n = Math.max(1, units);
    String other = String.format(Locale.ROOT,
        "other (GC, JIT, ended threads; wall ms: GC pauses %.2f, JIT compiling %.2f)",
        (double) (gcMillis - before.gcMillis) / n, (double) (jitMillis - before.jitMillis) / n);
    byGroup.put(other, Math.max(0, processNanos - before.processNanos - accounted));
    return byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .filter(e -> e.getValue() / n >= 50_000) // under 0.05 ms a unit: noise
        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1e6 / n))
        .collect(Collectors.joining(" | "));
  }

  /** CPU nanoseconds of one thread group since {@code before}. */
  long groupNanosSince(ThreadCpu before, String group) {
    return nanosByGroupSince(before).getOrDefault(group, 0L);
  }

  /** CPU nanoseconds since {@code before} of the threads alive now, by thread group. */
  private Map<String, Long> nanosByGroupSince(ThreadCpu before) {
    Map<String, Long> byGroup = new TreeMap<>();
    for (Map.Entry<Long, Long> e : threadNanos.entrySet()) {
      long delta = e.getValue() - before.threadNanos.getOrDefault(e.getKey(), 0L);
      if (delta > 0) byGroup.merge(group(names.get(e.getKey())), delta, Long::sum);
    }
    return byGroup;
  }

  private static String group(String name) {
    return name.replaceAll("\\d+", "N");
  }
}
