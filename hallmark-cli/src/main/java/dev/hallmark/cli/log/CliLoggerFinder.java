package dev.hallmark.cli.log;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * Where the libraries' {@link System.Logger} messages go in the {@code hallmark} process (registered
 * as the JDK's logger finder). Client commands write them as notary's CLI does (its logging library,
 * logrus, in text form on standard error): {@code time="2026-11-27T10:34:46Z" level=warning
 * msg="Error while downloading remote metadata, ..."}, warnings and errors by default, info with
 * {@code -v}, debug with {@code -D}; the JDK's own loggers only from warning up. The server hands
 * them to its logging instead ({@link #useServerLogging}), so they appear in its log format.
 */
public final class CliLoggerFinder extends System.LoggerFinder {
  private static volatile System.Logger.Level threshold = System.Logger.Level.WARNING;
  private static volatile boolean server;
  private static volatile PrintStream err = System.err;

  /** The least severe level client commands print: {@code -D} debug, {@code -v} info, else warning. */
  public static void threshold(boolean debug, boolean verbose) {
    threshold = debug ? System.Logger.Level.DEBUG : verbose ? System.Logger.Level.INFO : System.Logger.Level.WARNING;
  }

  /** From now on messages go to the server's logging (SLF4J), at the levels it is configured for. */
  public static void useServerLogging() {
    server = true;
  }

  /** For tests: where client messages are written, and back to client logging (tests run servers in-process). */
  static void output(PrintStream to) {
    err = to;
    server = false;
  }

  @Override
  public System.Logger getLogger(String name, Module module) {
    return new CliLogger(name);
  }

  /** One line as logrus's text formatter writes it (no colours: standard error is not a terminal to it). */
  static String line(OffsetDateTime time, System.Logger.Level level, String msg) {
    return "time=\"" + time.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\" level="
        + switch (level) {
          case ERROR -> "error";
          case WARNING -> "warning";
          case INFO -> "info";
          default -> "debug";
        } + " msg=" + quoted(msg) + "\n";
  }

  /** logrus quotes a value unless it is made of letters, digits and {@code -._/@^+} only; Go's %q escapes. */
  static String quoted(String s) {
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) {
      char c = s.charAt(i);
      plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._/@^+".indexOf(c) >= 0;
    }
    if (plain) {
      return s;
    }
    var b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static final class CliLogger implements System.Logger {
    private final String name;
    private final boolean ours;
    private volatile System.Logger serverSide;

    CliLogger(String name) {
      this.name = name;
      this.ours = name.startsWith("dev.hallmark.");
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isLoggable(Level level) {
      if (server) {
        return delegate().isLoggable(level);
      }
      Level least = ours ? threshold : Level.WARNING;
      return level != Level.OFF && level.getSeverity() >= least.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      if (server) {
        delegate().log(level, bundle, msg, thrown);
      } else if (isLoggable(level)) {
        write(level, thrown == null || !isLoggable(Level.DEBUG) ? msg : msg + ": " + thrown);
      }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      if (server) {
        delegate().log(level, bundle, format, params);
      } else if (isLoggable(level)) {
        write(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params));
      }
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
      if (server) {
        delegate().log(level, msgSupplier);
      } else if (isLoggable(level)) {
        write(level, msgSupplier.get());
      }
    }

    private void write(Level level, String msg) {
      err.print(line(OffsetDateTime.now(), level, msg));
      err.flush();
    }

    private System.Logger delegate() {
      System.Logger d = serverSide;
      if (d == null) {
        d = ServerLogging.logger(name);
        serverSide = d;
      }
      return d;
    }
  }
}
