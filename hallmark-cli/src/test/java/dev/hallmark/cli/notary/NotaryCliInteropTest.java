package dev.hallmark.cli.notary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.testkit.NotaryServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hallmark CLI against the real notary 0.7 CLI and notary-server 0.7, sharing one trust
 * directory: outputs compared byte for byte, repositories started by one tool published by the other,
 * and delegation keys made by {@code docker trust key generate}. Skipped when the binaries are absent
 * or with {@code -Dhallmark.interop=false}.
 */
class NotaryCliInteropTest {
  private static final String PW = "Interop-Passphrase-1";
  @TempDir static Path work;
  private static NotaryServer server;
  private static String url;
  private static Path ca;
  private static Path trustDir;
  private static int gunCounter;

  @BeforeAll
  static void startServer() throws Exception {
    server = NotaryServer.startOrSkip(work);
    url = server.url();
    ca = server.caCert();
    // docker keeps its trust dir in $HOME/.docker/trust; HOME is the work directory for every tool
    trustDir = work.resolve(".docker").resolve("trust");
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  record Result(int status, String out) {}

  static Result exec(Path dir, List<String> cmd) throws IOException, InterruptedException {
    var pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false);
    Map<String, String> env = pb.environment();
    for (String v : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
      env.put("NOTARY_" + v + "_PASSPHRASE", PW);
    }
    env.put("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", PW);
    env.put("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", PW);
    env.put("HOME", dir.toString());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  static Result notary(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("notary", "-d", trustDir.toString(), "-s", url, "--tlscacert", ca.toString()));
    cmd.addAll(List.of(args));
    return exec(work, cmd);
  }

  static Result hallmark(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.hallmark.cli.Main",
        "-d", trustDir.toString(), "-s", url, "--tlscacert", ca.toString()));
    cmd.addAll(List.of(args));
    return exec(work, cmd);
  }

  static String newGun() {
    return "interop.test/cli/app" + (++gunCounter);
  }

  static Path file(String name, String content) throws IOException {
    return Files.writeString(work.resolve(name), content);
  }

  @Test
  void notaryInitHallmarkPublishesAndOutputsMatch() throws Exception {
    String gun = newGun();
    assertThat(notary("init", gun, "-p").status).isZero();
    Path f = file("a.txt", "content of a\n");
    Result add = hallmark("add", gun, "v1<&>", f.toString());
    assertThat(add).isEqualTo(new Result(0, "Addition of target \"v1<&>\" to repository \"" + gun + "\" staged for next publish.\n"));
    assertThat(notary("add", gun, "v2", f.toString()).status).isZero();
    // both tools read each other's staged changes
    Result status = hallmark("status", gun);
    assertThat(status).isEqualTo(notary("status", gun));
    assertThat(status.out).contains("0    create    targets    target    v1<&>");
    assertThat(hallmark("publish", gun)).isEqualTo(new Result(0,
        "Pushing changes to " + gun + "\nSuccessfully published changes for repository " + gun + "\n"));
    assertThat(notary("status", gun).out).isEqualTo("No unpublished changes for " + gun + "\n");
    Result list = notary("list", gun);
    assertThat(list.out).contains("v1<&>").contains("v2");
    assertThat(hallmark("list", gun)).isEqualTo(list);
    assertThat(hallmark("lookup", gun, "v2")).isEqualTo(notary("lookup", gun, "v2"));
    assertThat(hallmark("key", "list")).isEqualTo(notary("key", "list"));
    assertThat(hallmark("lookup", gun, "missing")).isEqualTo(notary("lookup", gun, "missing"));
  }

  @Test
  void hallmarkInitNotaryPublishesWithDockerDelegationKey() throws Exception {
    String gun = newGun();
    Result init = hallmark("init", gun, "-p");
    assertThat(init.status).isZero();
    assertThat(init.out).endsWith("Auto-publishing changes to " + gun + "\nSuccessfully published changes for repository " + gun + "\n");
    assumeTrue(exec(work, List.of("sh", "-c", "command -v docker")).status == 0, "docker CLI not installed");
    var generated = exec(work, List.of("docker", "trust", "key", "generate", "releaser", "--dir", work.toString()));
    assertThat(generated.status).isZero();
    Path pub = work.resolve("releaser.pub");
    Result added = hallmark("delegation", "add", gun, "targets/releases", pub.toString(), "--all-paths", "--publish");
    assertThat(added.status).isZero();
    Result dl = hallmark("delegation", "list", gun);
    assertThat(dl).isEqualTo(notary("delegation", "list", gun));
    assertThat(dl.out).containsPattern("targets/releases    \"\" <all paths>    [0-9a-f]{64}    1\n");
    Path f = file("rel.txt", "release\n");
    Result relAdd = notary("add", gun, "rel-1", f.toString(), "-r", "targets/releases", "-p");
    assertThat(relAdd.status).as(relAdd.out).isZero();
    Path g = file("rel2.txt", "release 2\n");
    assertThat(hallmark("add", gun, "rel-2", g.toString(), "-r", "targets/releases", "-p").status).isZero();
    assertThat(hallmark("witness", gun, "targets/releases", "-p").status).isZero();
    Result list = hallmark("list", gun);
    assertThat(list).isEqualTo(notary("list", gun));
    assertThat(list.out).contains("rel-1").contains("rel-2").contains("targets/releases");
    assertThat(hallmark("key", "rotate", gun, "snapshot", "-r").status).isZero();
    assertThat(notary("add", gun, "after", f.toString(), "-p").status).isZero();
    assertThat(hallmark("list", gun)).isEqualTo(notary("list", gun));
    assertThat(hallmark("delete", gun, "--remote")).isEqualTo(new Result(0, "Deleting trust data for repository " + gun
        + "\nSuccessfully deleted local and remote trust data for repository " + gun + "\n"));
  }

  @Test
  void errorsAndTablesAsNotary() throws Exception {
    assertThat(hallmark("status", "interop.test/none")).isEqualTo(notary("status", "interop.test/none"));
    Result bad = hallmark("lookup", "--bogus");
    assertThat(bad).isEqualTo(notary("lookup", "--bogus"));
    assertThat(hallmark("reset", "interop.test/none", "--all")).isEqualTo(notary("reset", "interop.test/none", "--all"));
  }
}
