package dev.bayan.tools;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What the JVM's native memory tracking (NMT, {@code -XX:NativeMemoryTracking=summary}, which
 * {@code scripts/bayan bench} turns on) says the JVM has committed, in all and for the Java heap. G1 hands
 * a shrunk heap's regions back to the OS a while after a full GC, so the heap the OS still holds can be
 * far above what {@code MemoryMXBean} reports as committed. What NMT does not track (ONNX Runtime, the
 * image libraries, malloc's free lists) is at least the anonymous resident memory minus NMT's total
 * (committed pages not yet touched count in NMT but are not resident).
 */
final class NativeMemory {
  private static final Pattern TOTAL = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");
  private static final Pattern HEAP = Pattern.compile("Java Heap \\(reserved=\\d+KB, committed=(\\d+)KB");

  private NativeMemory() {}

  /** "JVM-tracked N MB, of it heap M MB", or a note that NMT is off. */
  static String summary() {
    String report;
    try {
      report = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
          new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
    } catch (JMException e) {
      return "NMT unavailable";
    }
    Matcher total = TOTAL.matcher(report);
    Matcher heap = HEAP.matcher(report);
    if (!total.find() || !heap.find()) return "NMT off";
    return String.format(Locale.ROOT, "JVM-tracked %d MB, of it heap %d MB", Long.parseLong(total.group(1)) >> 10,
        Long.parseLong(heap.group(1)) >> 10);
  }
}
