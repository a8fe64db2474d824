package dev.hallmark.cli;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Gives freed native memory back to the operating system: glibc keeps it (class loading, TLS and
 * database work) in its arenas until {@code malloc_trim} is called. Trimming on a fixed period
 * ({@code -XX:TrimNativeHeapInterval}) stalls allocating threads and measurably worsened tail
 * latency under load, so the server trims after start and then only when it has been idle.
 */
final class NativeMemory {
  private static final java.time.Duration IDLE_CHECK = java.time.Duration.ofSeconds(15);

  private NativeMemory() {}

  /**
   * Trims once now, once after the first idle check period (what start-up work still running in the
   * background, such as the TLS warm-up's compilations, freed), and again whenever {@code requests} has
   * not moved for a whole check period (and has moved since the last trim).
   */
  static void trimWhenIdle(java.util.function.LongSupplier requests) {
    trim();
    var last = new long[] {requests.getAsLong(), -1}; // [seen at last check, at last trim]
    Thread.ofPlatform().daemon().name("hallmark-idle-trim").start(() -> {
      while (true) {
        try {
          Thread.sleep(IDLE_CHECK);
        } catch (InterruptedException e) {
          return;
        }
        long now = requests.getAsLong();
        if (now == last[0] && now != last[1]) {
          trim();
          last[1] = now;
        }
        last[0] = now;
      }
    });
  }

  /** Calls {@code malloc_trim(0)} where glibc provides it; does nothing elsewhere. */
  static void trim() {
    try {
      Linker linker = Linker.nativeLinker();
      var symbol = linker.defaultLookup().find("malloc_trim");
      if (symbol.isEmpty()) {
        return;
      }
      MethodHandle trim = linker.downcallHandle(symbol.get(),
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
      int ignored = (int) trim.invokeExact(0L);
    } catch (Throwable e) {
      // best effort: a libc without malloc_trim, or native access denied, just keeps its memory
    }
  }
}
