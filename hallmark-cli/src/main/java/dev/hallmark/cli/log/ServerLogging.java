package dev.hallmark.cli.log;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link System.Logger} onto SLF4J, for the server (kept apart so client commands never load SLF4J). */
final class ServerLogging {
  private ServerLogging() {}

  static System.Logger logger(String name) {
    Logger to = LoggerFactory.getLogger(name);
    return new System.Logger() {
      @Override
      public String getName() {
        return name;
      }

      @Override
      public boolean isLoggable(Level level) {
        return level != Level.OFF && to.isEnabledForLevel(slf4j(level));
      }

      @Override
      public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
          to.atLevel(slf4j(level)).setCause(thrown).log(msg);
        }
      }

      @Override
      public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
          to.atLevel(slf4j(level)).log(params == null || params.length == 0 ? format : MessageFormat.format(format, params));
        }
      }
    };
  }

  private static org.slf4j.event.Level slf4j(System.Logger.Level level) {
    return switch (level) {
      case ERROR -> org.slf4j.event.Level.ERROR;
      case WARNING -> org.slf4j.event.Level.WARN;
      case INFO -> org.slf4j.event.Level.INFO;
      case DEBUG -> org.slf4j.event.Level.DEBUG;
      default -> org.slf4j.event.Level.TRACE;
    };
  }
}
