package dev.hallmark.cli.image;

import dev.hallmark.client.registry.ProgressListener;
import dev.hallmark.oci.Digest;
import java.io.PrintWriter;
import java.util.Map;

/** Per-layer progress when the output is not a terminal: one line per blob when it is done. */
final class PlainProgress implements ProgressListener {
  private final PrintWriter out;
  private final String done;

  PlainProgress(PrintWriter out, String done) {
    this.out = out;
    this.done = done;
  }

  /** The renderer for {@code out}: in place on a terminal (not {@code TERM=dumb}), else a line per blob. */
  static ProgressListener forOutput(PrintWriter out, Map<String, String> env, String active, String done) {
    var console = System.console();
    boolean terminal = console != null && console.isTerminal() && !"dumb".equals(env.get("TERM"));
    return terminal ? new TerminalProgress(out, active, done, System::nanoTime) : new PlainProgress(out, done);
  }

  @Override
  public synchronized void alreadyExists(Digest blob) {
    out.println(blob.hex().substring(0, 12) + ": Layer already exists");
  }

  @Override
  public synchronized void completed(Digest blob) {
    out.println(blob.hex().substring(0, 12) + ": " + done);
  }
}
