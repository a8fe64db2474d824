package dev.hallmark.cli;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging of the hallmark process, configured in code rather than XML (the XML configurator loads
 * several hundred classes and the JDK's XML parser, which an idle server then carries in memory):
 * diagnostics as {@code key=value} lines on stderr, the access log (logger {@code hallmark.access})
 * as one line per request on stdout through an asynchronous, never-blocking queue.
 * A {@code logback.xml} or {@code logback-test.xml} on the class path still wins.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext ctx) {
    if (getClass().getClassLoader().getResource("logback-test.xml") != null
        || getClass().getClassLoader().getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    var err = console(ctx, "ERR", "System.err", "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} level=%level logger=%logger{0} %msg%n");
    var out = console(ctx, "ACCESS", "System.out", "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %msg%n");
    var async = new AsyncAppender();
    async.setContext(ctx);
    async.setName("ASYNC_ACCESS");
    async.setQueueSize(8192);
    async.setDiscardingThreshold(0);
    async.setNeverBlock(true);
    async.addAppender(out);
    async.start();

    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(err);
    Logger access = ctx.getLogger("hallmark.access");
    access.setLevel(Level.INFO);
    access.setAdditive(false);
    access.addAppender(async);
    ctx.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    ctx.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    // Flyway reports every migration check at INFO (~17 lines per start); its warnings and errors remain
    ctx.getLogger("org.flywaydb").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static ConsoleAppender<ILoggingEvent> console(LoggerContext ctx, String name, String target, String pattern) {
    var encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(pattern);
    encoder.start();
    var appender = new ConsoleAppender<ILoggingEvent>();
    appender.setContext(ctx);
    appender.setName(name);
    appender.setTarget(target);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
