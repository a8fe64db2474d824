package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The data directory of the embedded defaults: who may read it, and one server per directory. */
class DataDirectoryTest {
  @TempDir Path dir;

  @Test
  void theEmbeddedDatabaseIsReadableByItsOwnerOnlyAndTightenedWhereItWasNot() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("db"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    try (ServerProcess server = ServerProcess.start(data, ServerProcess.freePort(), dir.resolve("server.log"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("db")))).isEqualTo("rwx------");
    }
    Path fresh = dir.resolve("fresh");
    try (ServerProcess server = ServerProcess.start(fresh, ServerProcess.freePort(), dir.resolve("fresh.log"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve("db")))).isEqualTo("rwx------");
    }
  }

  @Test
  @Timeout(120) // a second server that did start would serve until stopped
  void aSecondServerOnTheSameDirectoryIsToldWhyItCannotStart() throws Exception {
    Path data = dir.resolve("data");
    try (ServerProcess first = ServerProcess.start(data, ServerProcess.freePort(), dir.resolve("first.log"))) {
      var out = new StringWriter();
      int code = Main.execute(new String[] {"server", "--listen", "127.0.0.1:" + ServerProcess.freePort(),
          "--data-dir", data.toString(), "--auth", "none", "--log-level", "error"},
          new PrintWriter(out, true), new PrintWriter(out, true), Map.of("HOME", dir.toString()));
      assertThat(code).isNotZero();
      assertThat(out.toString()).contains("is in use by another process")
          .contains("is another hallmark server running on this data directory?");
      assertThat(first.process.isAlive()).isTrue();
    }
  }
}
