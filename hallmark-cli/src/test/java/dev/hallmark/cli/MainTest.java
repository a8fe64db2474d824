package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;

  @Test
  void registersOnlyTheNamedCommand() {
    assertThat(Main.needed(args("list g"))).containsExactly("list");
    assertThat(Main.needed(args("-d /t -s https://x:1 --tlscacert ca.crt add g t f -p"))).containsExactly("add");
    assertThat(Main.needed(args("-vD --trustDir=/t -d/t -vd /t delegation add g r c"))).containsExactly("delegation");
    assertThat(Main.needed(args("status -d list g"))).containsExactly("status");
  }

  @Test
  void registersNoneForAPlainVersionRequest() {
    assertThat(Main.needed(args("--version"))).isEmpty();
    assertThat(Main.needed(args("-D -d /t -V"))).isEmpty();
  }

  @Test
  void registersAllWhenTheOutputMayListThem() {
    for (String a : List.of("", "--help", "-h list", "help list", "foo", "-s list status g", "-d", "--bogus list",
        "-x", "-vh", "--version --help", "-- list", "-d= status g")) {
      assertThat(Main.needed(args(a))).as(a).isEqualTo(Main.COMMANDS);
    }
  }

  /** Every answer, usage text and exit code is what picocli gives with all commands registered. */
  @Test
  void printsWhatTheFullModelPrints() {
    String td = dir.toString();
    for (String a : List.of("", "--help", "-h", "help", "help list", "help nosuch", "--version", "-V", "version", "foo",
        "list", "list --help", "delegation", "delegation --help", "delegation foo", "key list --bogus", "--bogus",
        "-s", "list -s", "server --help", "lookup --bogus", "init", "-Dv -d " + td + " status x", "-d",
        "-vd " + td + " status g", "--trustDir=" + td + " status g", "-s list status g", "--server list", "-h list",
        "list -h", "-V list", "--version --help", "help help", "-d " + td + " reset g", "-x", "-Dx",
        "status -d " + td + " g", "-d help status g", "list x y --roles", "version --help", "-D --version")) {
      assertThat(run(a, Main.needed(args(a)))).as(a).isEqualTo(run(a, Main.COMMANDS));
    }
  }

  private static String run(String a, List<String> commands) {
    var out = new StringWriter();
    var err = new StringWriter();
    int status = Main.execute(args(a), new PrintWriter(out), new PrintWriter(err), commands);
    return status + "\n" + out + "\n--- stderr\n" + err;
  }

  private static String[] args(String a) {
    return a.isEmpty() ? new String[0] : a.split(" ");
  }
}
