package dev.hallmark.cli.image;

import dev.hallmark.client.registry.ProgressListener;
import dev.hallmark.oci.Digest;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-layer progress as {@code docker push} draws it on a terminal: one line per blob
 * ({@code <short digest>: Pushing  12.3MB/45.6MB}, {@code Layer already exists}, {@code Pushed}),
 * redrawn in place with ANSI cursor moves, byte counts at most ten times a second.
 */
final class TerminalProgress implements ProgressListener {
  /** The least time between two redraws for byte counts; state changes redraw at once. */
  static final long INTERVAL_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final LongSupplier nanoTime;
  private final String active;
  private final String done;
  private final Map<Digest, String> lines = new LinkedHashMap<>();
  private int drawn;
  private long lastDraw;
  private boolean drewOnce;

  /**
   * @param active the verb of a running transfer ({@code Pushing}, {@code Downloading})
   * @param done what a finished transfer shows ({@code Pushed}, {@code Pull complete})
   * @param nanoTime the clock that rate-limits redraws ({@code System::nanoTime})
   */
  TerminalProgress(PrintWriter out, String active, String done, LongSupplier nanoTime) {
    this.out = out;
    this.active = active;
    this.done = done;
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized void alreadyExists(Digest blob) {
    lines.put(blob, "Layer already exists");
    draw(true);
  }

  @Override
  public synchronized void transferred(Digest blob, long bytes, long total) {
    boolean first = !lines.containsKey(blob);
    lines.put(blob, String.format(Locale.ROOT, "%-12s%s", active, total >= 0 ? size(bytes) + "/" + size(total) : size(bytes)));
    draw(first);
  }

  @Override
  public synchronized void completed(Digest blob) {
    lines.put(blob, done);
    draw(true);
  }

  private void draw(boolean force) {
    long now = nanoTime.getAsLong();
    if (!force && drewOnce && now - lastDraw < INTERVAL_NANOS) {
      return;
    }
    lastDraw = now;
    drewOnce = true;
    StringBuilder sb = new StringBuilder();
    if (drawn > 0) {
      sb.append("\u001b[").append(drawn).append('A'); // back to the first line drawn
    }
    for (var e : lines.entrySet()) {
      sb.append("\r\u001b[2K").append(e.getKey().hex(), 0, 12).append(": ").append(e.getValue()).append('\n');
    }
    drawn = lines.size();
    out.print(sb);
    out.flush();
  }

  /** A byte count as docker shows it: decimal units, three significant digits ({@code 12.3MB}). */
  static String size(long bytes) {
    String[] units = {"B", "kB", "MB", "GB", "TB"};
    double v = bytes;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return u == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.3g%s", v, units[u]);
  }
}
