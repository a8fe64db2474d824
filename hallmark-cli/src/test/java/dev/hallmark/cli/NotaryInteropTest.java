package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.server.TrustApiConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code notary} 0.7 CLI and {@code docker trust} against the in-process server, unchanged.
 * Skipped when the binaries are missing or {@code -Dhallmark.interop=false}.
 */
class NotaryInteropTest {
  private static final Path NOTARY = Path.of("/usr/bin/notary");
  private static final String PASS = "interop-passphrase-1";

  @TempDir Path dir;
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    assumeFalse("false".equals(System.getProperty("hallmark.interop")), "hallmark.interop=false");
    server = new TestServer(dir.resolve("data"), TrustApiConfig.DEFAULTS, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  record Result(int exit, String out) {}

  private Result run(Map<String, String> env, String... command) throws Exception {
    var pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Path log = Files.createTempFile(dir, "out", ".txt");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private Result notary(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(NOTARY.toString(), "-s", server.url(), "-d", dir.resolve("trust").toString(),
        "--tlscacert", server.caCert().toString()));
    cmd.addAll(List.of(args));
    Map<String, String> env = new HashMap<>();
    for (String role : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
      env.put("NOTARY_" + role + "_PASSPHRASE", PASS);
    }
    return run(env, cmd.toArray(String[]::new));
  }

  private void ok(Result r) {
    assertThat(r.exit()).as(r.out()).isZero();
  }

  @Test
  void notaryCliFullLifecycle() throws Exception {
    assumeTrue(Files.isExecutable(NOTARY), "no notary binary");
    String gun = "example.com/interop/app";
    Path file = Files.writeString(dir.resolve("artifact.txt"), "hello");
    ok(notary("init", gun, "-p"));
    ok(notary("add", gun, "v1", file.toString(), "-p"));
    Result list = notary("list", gun);
    ok(list);
    assertThat(list.out()).contains("v1");

    // delegation with a certificate; sign into it with the imported key
    Path key = dir.resolve("releases.key");
    Path cert = dir.resolve("releases.crt");
    ok(run(Map.of(), "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=releases", "-days", "30"));
    ok(notary("delegation", "add", gun, "targets/releases", cert.toString(), "--all-paths", "-p"));
    ok(notary("key", "import", key.toString(), "--role", "targets/releases"));
    ok(notary("add", gun, "v2", file.toString(), "-r", "targets/releases", "-p"));
    Result list2 = notary("list", gun);
    ok(list2);
    assertThat(list2.out()).contains("v1").contains("v2").contains("targets/releases");

    // hand the snapshot key to the server, then publish again: the server signs the snapshot
    ok(notary("key", "rotate", gun, "snapshot", "-r"));
    ok(notary("add", gun, "v3", file.toString(), "-p"));
    ok(notary("witness", gun, "targets/releases", "-p"));
    Result list3 = notary("list", gun);
    ok(list3);
    assertThat(list3.out()).contains("v3").contains("v2");
    assertThat(server.get("/v2/" + gun + "/_trust/tuf/snapshot.json").statusCode()).isEqualTo(200);

    // remote delete: gone from the server, a sibling GUN untouched
    String sibling = "example.com/interop/apple";
    ok(notary("init", sibling, "-p"));
    ok(notary("delete", gun, "--remote"));
    assertThat(server.get("/v2/" + gun + "/_trust/tuf/root.json").statusCode()).isEqualTo(404);
    assertThat(server.get("/v2/" + sibling + "/_trust/tuf/root.json").statusCode()).isEqualTo(200);
    ok(notary("list", sibling));
  }

  @Test
  void notaryWorksAcrossARestart() throws Exception {
    assumeTrue(Files.isExecutable(NOTARY), "no notary binary");
    String gun = "example.com/interop/restart";
    Path file = Files.writeString(dir.resolve("a.txt"), "a");
    ok(notary("init", gun, "-p"));
    ok(notary("add", gun, "before", file.toString(), "-p"));
    var bytes = server.snapshotOf(gun, List.of("root", "targets", "snapshot", "timestamp"));
    server.restart();
    assertThat(server.snapshotOf(gun, List.of("root", "targets", "snapshot", "timestamp"))).isEqualTo(bytes);
    ok(notary("add", gun, "after", file.toString(), "-p"));
    Result list = notary("list", gun);
    ok(list);
    assertThat(list.out()).contains("before").contains("after");
  }

  @Test
  void dockerTrustSignerAddAndInspect() throws Exception {
    Path docker = List.of(Path.of("/usr/bin/docker"), Path.of("/usr/local/bin/docker")).stream()
        .filter(Files::isExecutable).findFirst().orElse(null);
    assumeTrue(docker != null, "no docker binary");
    Path config = Files.createDirectories(dir.resolve("docker"));
    String host = "127.0.0.1:" + server.port();
    Path tls = Files.createDirectories(config.resolve("tls").resolve(host));
    Files.copy(server.caCert(), tls.resolve("ca.crt"));
    Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString(),
        "DOCKER_CONTENT_TRUST_SERVER", server.url(),
        "DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", PASS,
        "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", PASS);
    Path keys = Files.createDirectories(dir.resolve("keys"));
    ok(run(env, docker.toString(), "trust", "key", "generate", "alice", "--dir", keys.toString()));
    String image = host + "/example/img";
    ok(run(env, docker.toString(), "trust", "signer", "add", "--key", keys.resolve("alice.pub").toString(), "alice", image));
    Result inspect = run(env, docker.toString(), "trust", "inspect", image);
    ok(inspect);
    assertThat(inspect.out()).contains("\"Name\": \"alice\"").contains("\"Name\": \"Repository\"");
    // signer add on a new repository publishes root and targets delegating to targets/alice and targets/releases;
    // the server makes the snapshot (reference 12.19)
    String targets = new String(server.get("/v2/" + image + "/_trust/tuf/targets.json").body(), StandardCharsets.UTF_8);
    assertThat(targets).contains("\"name\":\"targets/alice\"").contains("\"name\":\"targets/releases\"");
    assertThat(server.get("/v2/" + image + "/_trust/tuf/snapshot.json").statusCode()).isEqualTo(200);
  }
}
