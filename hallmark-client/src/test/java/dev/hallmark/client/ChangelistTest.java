package dev.hallmark.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangelistTest {
  @TempDir Path trustDir;

  @Test
  void aStagedChangeAppearsWholeOwnerOnlyAndLeavesNothingBeside() throws Exception {
    Gun gun = new Gun("example.com/app");
    Changelist changes = Changelist.of(trustDir, gun);
    changes.add(Change.removeTarget(RoleName.TARGETS, "v1"));
    changes.add(Change.removeTarget(RoleName.TARGETS, "v2"));

    Path dir = trustDir.resolve("tuf/example.com/app/changelist");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    assertThat(files).hasSize(2).allSatisfy(f -> {
      assertThat(f.getFileName().toString()).matches("\\d{20}_[0-9a-f-]{36}\\.change");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    });
    try (Stream<Path> beside = Files.list(dir.getParent())) {
      assertThat(beside.map(p -> p.getFileName().toString())).containsExactly("changelist");
    }
    assertThat(changes.list()).hasSize(2);
  }
}
