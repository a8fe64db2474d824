package dev.hallmark.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.oci.Digest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The terminal renderer against a fake terminal: a writer and a clock the test moves. */
class TerminalProgressTest {
  private static final String UP2 = "\u001b[2A";
  private static final String CLEAR = "\r\u001b[2K";

  private final StringWriter screen = new StringWriter();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final TerminalProgress progress = new TerminalProgress(new PrintWriter(screen), "Pushing", "Pushed", now::get);
  private final Digest a = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
  private final Digest b = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));

  @Test
  void drawsOneLinePerLayerAndRedrawsThemInPlace() {
    progress.alreadyExists(a);
    assertThat(screen.toString()).isEqualTo(CLEAR + a.hex().substring(0, 12) + ": Layer already exists\n");
    screen.getBuffer().setLength(0);

    progress.transferred(b, 12_300_000, 45_600_000);
    assertThat(screen.toString()).isEqualTo("\u001b[1A" + CLEAR + a.hex().substring(0, 12) + ": Layer already exists\n"
        + CLEAR + b.hex().substring(0, 12) + ": Pushing     12.3MB/45.6MB\n");
    screen.getBuffer().setLength(0);

    now.addAndGet(200_000_000L);
    progress.completed(b);
    assertThat(screen.toString()).startsWith(UP2).endsWith(CLEAR + b.hex().substring(0, 12) + ": Pushed\n");
  }

  @Test
  void byteCountsRedrawAtMostTenTimesASecond() {
    progress.transferred(a, 1, 1000);
    int draws = 1;
    for (int i = 2; i <= 1000; i++) {
      now.addAndGet(1_000_000L); // 1 ms per update: 1000 updates in one second
      int before = screen.getBuffer().length();
      progress.transferred(a, i, 1000);
      if (screen.getBuffer().length() > before) {
        draws++;
      }
    }
    assertThat(draws).isBetween(9, 11);
    screen.getBuffer().setLength(0);
    progress.completed(a); // a state change is drawn at once
    assertThat(screen.toString()).endsWith(": Pushed\n");
  }

  @Test
  void sizesReadAsDockerShowsThem() {
    assertThat(TerminalProgress.size(999)).isEqualTo("999B");
    assertThat(TerminalProgress.size(12_345)).isEqualTo("12.3kB");
    assertThat(TerminalProgress.size(45_600_000)).isEqualTo("45.6MB");
    assertThat(TerminalProgress.size(1_230_000_000L)).isEqualTo("1.23GB");
  }
}
