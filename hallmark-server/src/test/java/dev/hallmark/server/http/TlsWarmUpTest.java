package dev.hallmark.server.http;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up really runs TLS 1.3 between two in-memory engines made from the server's own key. */
class TlsWarmUpTest {
  @TempDir
  Path dir;

  @Test
  void handshakesAndSendsRecordsBothWays() throws Exception {
    TlsFiles tls = TlsFiles.selfManaged(dir, Clock.systemUTC());
    char[] pw = "warm-up test".toCharArray();
    long started = System.nanoTime();
    assertThatCode(() -> TlsWarmUp.run(tls.toKeyStore(pw), pw, Long.getLong("warmup.bytes", 4L << 20)))
        .doesNotThrowAnyException();
    System.out.println("TLS warm-up took " + (System.nanoTime() - started) / 1_000_000 + " ms");
  }
}
