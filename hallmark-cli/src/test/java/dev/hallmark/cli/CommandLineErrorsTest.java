package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Command-line mistakes answered as the real notary 0.7 answers them: the same words on standard
 * output and the same exit status (notary's name replaced by hallmark's where it is printed), and
 * help where notary prints help. Runs the real binary; skipped without it.
 */
class CommandLineErrorsTest {
  @TempDir Path dir;

  @BeforeEach
  void needsNotary() {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(NotaryProcess.PATH)), "notary is not installed");
  }

  private record Run(int status, String out) {}

  private Run notary(String line) throws Exception {
    var r = NotaryProcess.run(Map.of("HOME", dir.toString()), args(line));
    return new Run(r.status(), r.out().replace("\"notary\"", "\"hallmark\""));
  }

  private Run hallmark(String line) {
    var out = new StringWriter();
    int status = Main.execute(args(line).toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true),
        Map.of("HOME", dir.toString()));
    return new Run(status, out.toString());
  }

  private List<String> args(String line) {
    List<String> a = new ArrayList<>(List.of("-d", dir.resolve("trust").toString()));
    if (!line.isEmpty()) {
      a.addAll(List.of(line.split(" ")));
    }
    return a;
  }

  @ParameterizedTest
  @ValueSource(strings = {"bogus", "cert list", "--bogus", "-d", "list -x", "list -vx", "list -r", "list --roles",
      "key list --bogus", "key export --key", "key generate --role", "version --bogus", "key rotate example.com/a targets -l abc",
      "delegation add example.com/a targets/x --paths", "-D -x list"})
  void mistakesFailInNotarysWords(String line) throws Exception {
    Run expected = notary(line);
    assertThat(expected.status()).as(expected.out()).isEqualTo(1);
    assertThat(hallmark(line)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "help", "list --help", "list -h", "key generate -h", "help list", "help key generate",
      "help key bogus", "key", "key bogus", "key --help", "delegation", "version extra"})
  void helpAndGroupsSucceedAsNotarys(String line) throws Exception {
    assertThat(notary(line).status()).isZero();
    Run run = hallmark(line);
    assertThat(run.status()).as(run.out()).isZero();
    assertThat(run.out()).isNotBlank().doesNotContain("fatal");
  }

  @ParameterizedTest
  @ValueSource(strings = {"help bogus", "help bogus more"})
  void anUnknownHelpTopicIsNamedBeforeTheUsage(String line) throws Exception {
    String expectedFirst = notary(line).out().lines().findFirst().orElseThrow();
    Run run = hallmark(line);
    assertThat(run.status()).isZero();
    assertThat(run.out().lines().findFirst()).hasValue(expectedFirst);
    assertThat(run.out()).contains("Usage: hallmark");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-d %s/one -d %s/two key list"})
  void aRepeatedFlagOverridesTheEarlierOne(String template) throws Exception {
    String line = template.replace("%s", dir.toString());
    Run expected = notary(line);
    assertThat(hallmark(line)).isEqualTo(expected);
    assertThat(expected.status()).isZero();
  }
}
