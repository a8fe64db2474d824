package dev.hallmark.cli.notary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.testkit.NotaryServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same command sequences run by the real notary 0.7 CLI and by hallmark, each in its own working
 * directory and trust directory with its own GUN of the same length, against one notary-server 0.7:
 * standard output (key IDs, directories and GUNs normalised), exit status and the modes of the files
 * made compared. Found by the differential script; skipped without the binaries.
 */
class NotaryCliDifferentialTest {
  private static final String PW = "Differential-Passphrase-1";
  @TempDir static Path work;
  private static NotaryServer server;
  private static int counter;

  @BeforeAll
  static void startServer() throws Exception {
    server = NotaryServer.startOrSkip(work);
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  /** One client's side: its working directory (holding {@code trust/}) and its GUN. */
  record Side(boolean notary, Path dir, String gun) {}

  record Result(int status, String out) {}

  /** Two sides with fresh directories and GUNs that differ only in one letter. */
  private static Side[] sides() throws IOException {
    int n = ++counter;
    Side a = new Side(true, Files.createDirectories(work.resolve("n" + n)), "diff.test/a" + n + "/app");
    Side b = new Side(false, Files.createDirectories(work.resolve("h" + n)), "diff.test/b" + n + "/app");
    for (Side s : List.of(a, b)) {
      Files.writeString(s.dir.resolve("f"), "data\n");
    }
    return new Side[] {a, b};
  }

  private static Result run(Side s, String server, Map<String, String> extraEnv, String line) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (s.notary) {
      cmd.add("/usr/bin/notary");
    } else {
      cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), "dev.hallmark.cli.Main"));
    }
    cmd.addAll(List.of("-d", s.dir.resolve("trust").toString()));
    if (server != null) {
      cmd.addAll(List.of("-s", server, "--tlscacert", NotaryCliDifferentialTest.server.caCert().toString()));
    }
    for (String a : line.split(" ")) {
      cmd.add(a.replace("GUN", s.gun).replace("<DIR>", s.dir.toString()));
    }
    var pb = new ProcessBuilder(cmd).directory(s.dir.toFile());
    Map<String, String> env = pb.environment();
    for (String v : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
      env.put("NOTARY_" + v + "_PASSPHRASE", PW);
    }
    env.put("HOME", s.dir.toString());
    env.putAll(extraEnv);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String normal = out.replaceAll("[0-9a-f]{64}", "<ID>").replace(s.dir.toString(), "<DIR>").replace(s.gun, "<GUN>");
    return new Result(p.exitValue(), normal);
  }

  /** Runs a line on both sides and expects the same result; returns notary's. */
  private static Result same(Side[] s, String server, Map<String, String> env, String line) throws Exception {
    Result expected = run(s[0], server, env, line);
    assertThat(run(s[1], server, env, line)).as(line).isEqualTo(expected);
    return expected;
  }

  private static Result same(Side[] s, String line) throws Exception {
    return same(s, server.url(), Map.of(), line);
  }

  /** The trust directory's entries and their modes, key IDs and the GUN normalised. */
  private static Map<String, String> modes(Side s) throws IOException {
    Path trust = s.dir.resolve("trust");
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(trust)) {
      for (Path p : all.toList()) {
        String name = trust.relativize(p).toString().replaceAll("[0-9a-f]{64}", "<ID>").replace(s.gun, "<GUN>")
            .replaceAll("[0-9]{20}_[0-9a-f-]{36}", "<CHANGE>");
        out.put(name, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
      }
    }
    return out;
  }

  @Test
  void filesThatCannotBeOpenedAreNamedInGosWords() throws Exception {
    Side[] s = sides();
    assertThat(same(s, "add GUN v1 f --custom nofile").out()).contains("open nofile: no such file or directory");
    assertThat(same(s, "key import nofile.key").out()).contains("open nofile.key: no such file or directory");
    Files.writeString(s[0].dir.resolve("out"), "a file, not a directory");
    Files.writeString(s[1].dir.resolve("out"), "a file, not a directory");
    assertThat(same(s, "key export -o out/x.pem").status()).isEqualTo(1);
  }

  @Test
  void missingTlsFilesOfTheConfigAreNamedAsNotaryNamesThem() throws Exception {
    Side[] s = sides();
    for (Side side : s) {
      Files.writeString(side.dir.resolve("ca.json"), "{\"remote_server\":{\"url\":\"" + server.url()
          + "\",\"root_ca\":\"nofile.crt\"}}");
      Files.writeString(side.dir.resolve("cert.json"), "{\"remote_server\":{\"url\":\"" + server.url()
          + "\",\"root_ca\":\"" + server.caCert() + "\",\"tls_client_cert\":\"nocert.pem\",\"tls_client_key\":\"nokey.pem\"}}");
    }
    assertThat(same(s, null, Map.of(), "-c <DIR>/ca.json list GUN").out())
        .contains("could not read CA certificate \"<DIR>/nofile.crt\": open <DIR>/nofile.crt: no such file or directory");
    assertThat(same(s, null, Map.of(), "-c cert.json list GUN").out())
        .contains("Could not load X509 key pair: open nocert.pem: no such file or directory");
  }

  @Test
  void offlineCommandsFailWithClientIsOffline() throws Exception {
    Side[] s = sides();
    same(s, "init GUN -p");
    String down = "https://127.0.0.1:1";
    assertThat(same(s, down, Map.of(), "list diff.test/unknown").out()).contains("* fatal: client is offline");
    assertThat(same(s, down, Map.of(), "key rotate GUN snapshot -r").out())
        .contains("* fatal: unable to rotate remote key: client is offline");
    same(s, down, Map.of(), "add GUN v2 f");
    assertThat(same(s, down, Map.of(), "publish GUN").out()).contains("* fatal: client is offline");
    same(s, down, Map.of(), "list GUN");
  }

  @Test
  void declinedConfirmationEndsWithoutABlankLine() throws Exception {
    Side[] s = sides();
    assertThat(same(s, "delegation remove GUN targets/nope").out())
        .endsWith("(yes/no)\n* fatal: Aborting action.\n");
  }

  @Test
  void delegationsAsNotaryReadsThem() throws Exception {
    Side[] s = sides();
    same(s, "init GUN -p");
    same(s, "key generate ecdsa --role del -o del");
    same(s, "delegation add GUN targets/releases del.pub --all-paths -p");
    same(s, "key import del.key -r targets/releases");
    same(s, "add GUN r1 f -r targets/releases -p");
    // a role that is not delegated lists nothing, as notary's walk skips it
    assertThat(same(s, "list GUN -r targets/none").out()).isEqualTo("\nNo targets present in this repository.\n\n");
    same(s, "list GUN -r targets/none,targets/releases");
    // a change staged for a role that was never delegated fails the publish in notary's words
    same(s, "add GUN x f -r targets/qa");
    assertThat(same(s, "publish GUN").out()).contains(". delegation does not exist");
  }

  @Test
  void aWrongPassphraseLeavesTheKeyUnusable() throws Exception {
    Side[] s = sides();
    same(s, "init GUN -p");
    assertThat(same(s, server.url(), Map.of("NOTARY_TARGETS_PASSPHRASE", "wrong"), "add GUN v3 f -p").out())
        .contains("* fatal: could not find necessary signing keys, at least one of these keys must be available: <ID>");
  }

  @Test
  void refusedRotationsInNotarysWords() throws Exception {
    Side[] s = sides();
    same(s, "init GUN -p");
    assertThat(same(s, "key rotate GUN timestamp").out())
        .contains("* fatal: notary does not permit the client managing the timestamp key");
    assertThat(same(s, "key rotate GUN targets -r").out())
        .contains("* fatal: notary does not permit the server managing the targets key");
    assertThat(same(s, "key rotate GUN foo").out()).contains("* fatal: notary does not currently permit rotating the foo key");
    same(s, "key rotate GUN targets/x");
  }

  @Test
  void directoriesMadeForStagedChangesAreOwnerOnly() throws Exception {
    Side[] s = sides();
    same(s, "add GUN v1 f");
    Map<String, String> expected = modes(s[0]);
    Map<String, String> actual = modes(s[1]);
    for (String dir : List.of("tuf", "tuf/<GUN>", "tuf/<GUN>/changelist")) {
      assertThat(actual.get(dir)).as(dir).isEqualTo(expected.get(dir)).isEqualTo("rwx------");
    }
  }
}
