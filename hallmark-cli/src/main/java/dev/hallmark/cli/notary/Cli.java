package dev.hallmark.cli.notary;

import dev.hallmark.client.TrustClient;
import dev.hallmark.tuf.Gun;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Model.CommandSpec;

/** Running a notary command: notary's error form and the shared steps of the commands. */
final class Cli {
  private Cli() {}

  /** A command body. */
  interface Body {
    void run(PrintWriter out) throws Exception;
  }

  /** Ends a command with an exit status after it printed its own message. */
  static final class Exit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Exit(int status) {
      super(null, null, false, false);
      this.status = status;
    }
  }

  /** A wrong invocation: notary prints the usage, then the error. */
  static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  /**
   * Runs a command body; an error is printed to standard output as {@code \n* fatal: <message>\n} with
   * exit status 1 (reference cmd/notary/main.go {@code fatalf}).
   */
  static int run(CommandSpec spec, Body body) {
    PrintWriter out = spec.commandLine().getOut();
    try {
      body.run(out);
      return 0;
    } catch (Exit e) {
      return e.status;
    } catch (UsageError e) {
      out.print(spec.commandLine().getUsageMessage());
      fatal(out, e.getMessage());
      return 1;
    } catch (Exception e) {
      fatal(out, message(e));
      return 1;
    } finally {
      out.flush();
    }
  }

  static void fatal(PrintWriter out, String message) {
    out.print("\n* fatal: " + message + "\n");
    out.flush();
  }

  static String message(Throwable e) {
    Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    if (t instanceof java.nio.file.FileSystemException f && f.getOtherFile() == null && f.getFile() != null) {
      return osError(f);
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /**
   * A failed file open in Go's words ({@code open FILE: no such file or directory}), as notary prints
   * the error of {@code os.Open} / {@code ioutil.ReadFile}; Java's exceptions carry only the file name.
   */
  static String osError(java.io.IOException e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() == null) {
      String reason = switch (f) {
        case java.nio.file.NoSuchFileException x -> "no such file or directory";
        case java.nio.file.AccessDeniedException x -> "permission denied";
        case java.nio.file.NotDirectoryException x -> "not a directory";
        default -> null;
      };
      if (reason != null) {
        return "open " + f.getFile() + ": " + reason;
      }
    } else if (e instanceof java.nio.file.FileSystemException f && f.getOtherFile() == null && f.getReason() != null
        && !f.getReason().isEmpty()) {
      // the system's words (strerror), lower case as Go prints them
      String r = f.getReason();
      return "open " + f.getFile() + ": " + Character.toLowerCase(r.charAt(0)) + r.substring(1);
    }
    return e.getMessage();
  }

  static GlobalOptions globals(CommandSpec spec) {
    return GlobalOptions.of(spec);
  }

  /** notary's usage error for a command given no GUN argument. */
  static void requireGun(java.util.List<String> args) {
    if (args.isEmpty()) {
      throw new UsageError("Must specify a GUN");
    }
  }

  static Gun gun(String value) {
    return new Gun(value);
  }

  /** reference cmd/notary/tuf.go {@code maybeAutoPublish}. */
  static void maybePublish(PrintWriter out, GlobalOptions g, Gun gun, boolean publish) throws Exception {
    if (!publish) {
      return;
    }
    var config = g.config();
    try (TrustClient client = g.client(config, GlobalOptions.Access.WRITE)) {
      out.println("Auto-publishing changes to " + gun.value());
      out.flush();
      client.publish(gun);
      out.println("Successfully published changes for repository " + gun.value());
    }
  }
}
