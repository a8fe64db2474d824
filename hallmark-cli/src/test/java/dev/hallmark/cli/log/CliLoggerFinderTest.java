package dev.hallmark.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CliLoggerFinderTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    CliLoggerFinder.output(System.err);
    CliLoggerFinder.threshold(false, false);
  }

  @Test
  void linesAreLogrusTextLines() {
    OffsetDateTime t = OffsetDateTime.of(2026, 11, 27, 10, 34, 46, 123_000_000, ZoneOffset.UTC);
    assertThat(CliLoggerFinder.line(t, System.Logger.Level.WARNING, "Error while downloading remote metadata, using cached"
        + " timestamp - this might not be the latest version available remotely")).isEqualTo("time=\"2026-11-27T10:34:46Z\""
        + " level=warning msg=\"Error while downloading remote metadata, using cached timestamp - this might not be the"
        + " latest version available remotely\"\n");
    assertThat(CliLoggerFinder.line(t.withOffsetSameInstant(ZoneOffset.ofHours(2)), System.Logger.Level.ERROR, "plain-word_1.0"))
        .isEqualTo("time=\"2026-11-27T12:34:46+02:00\" level=error msg=plain-word_1.0\n");
    assertThat(CliLoggerFinder.quoted("say \"hi\"\\\n\t\u0001é")).isEqualTo("\"say \\\"hi\\\"\\\\\\n\\t\\x01é\"");
  }

  @Test
  void theProcessUsesItAndPrintsWarningsUnlessToldMore() {
    CliLoggerFinder.output(new PrintStream(captured, true, StandardCharsets.UTF_8));
    System.Logger ours = System.getLogger("dev.hallmark.client.Updater");
    System.Logger jdk = System.getLogger("jdk.internal.httpclient.debug");
    ours.log(System.Logger.Level.INFO, "hidden {0}", 1);
    ours.log(System.Logger.Level.WARNING, "shown {0}", "w");
    jdk.log(System.Logger.Level.INFO, "a JDK detail");
    CliLoggerFinder.threshold(false, true);
    ours.log(System.Logger.Level.INFO, "verbose {0}", "i");
    ours.log(System.Logger.Level.DEBUG, "still hidden");
    CliLoggerFinder.threshold(true, false);
    ours.log(System.Logger.Level.DEBUG, "debug {0}", "d");
    jdk.log(System.Logger.Level.DEBUG, "JDK debug stays out");
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out.lines().map(l -> l.replaceFirst("^time=\"[^\"]+\" ", ""))).containsExactly(
        "level=warning msg=\"shown w\"", "level=info msg=\"verbose i\"", "level=debug msg=\"debug d\"");
  }
}
