package dev.hallmark.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real notary-server 0.7 (memory store, local signer, TLS) with data published by the real
 * {@code notary} CLI: our client must list and look up exactly what {@code notary} shows.
 * Skipped when the binaries are missing or {@code -Dhallmark.interop=false}.
 */
class NotaryInteropTest {
  private static final Path NOTARY = Path.of("/usr/bin/notary");
  private static final Path NOTARY_SERVER = Path.of("/usr/bin/notary-server");
  private static final String GUN = "example.com/interop";

  @TempDir Path dir;

  @Test
  void listsAndLooksUpWhatNotaryPublished() throws Exception {
    assumeTrue(!"false".equals(System.getProperty("hallmark.interop")), "interop tests disabled");
    assumeTrue(Files.isExecutable(NOTARY) && Files.isExecutable(NOTARY_SERVER), "notary binaries not installed");

    TestPki.Tls tls = TestPki.Tls.create();
    Path ca = tls.writeCa(dir);
    Files.writeString(dir.resolve("server.crt"), TestPki.pem(tls.serverCert()) + TestPki.pem(tls.caCert()));
    Files.writeString(dir.resolve("server.key"), TestPki.pem(tls.serverKey().getPrivate()));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, TestPki.loopback())) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("server.json"), """
        {"server":{"http_addr":"127.0.0.1:%d","tls_key_file":"./server.key","tls_cert_file":"./server.crt"},
         "trust_service":{"type":"local","key_algorithm":"ecdsa"},
         "logging":{"level":"error"},"storage":{"backend":"memory"}}
        """.formatted(port));
    Process server = new ProcessBuilder(NOTARY_SERVER.toString(), "-config", dir.resolve("server.json").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    try {
      awaitPort(port, server);
      String url = "https://127.0.0.1:" + port;
      Path notaryDir = dir.resolve("notary");
      Notary notary = new Notary(notaryDir, url, ca);

      Files.writeString(dir.resolve("f1"), "hello\n");
      Files.writeString(dir.resolve("f2"), "release\n");
      Files.writeString(dir.resolve("f3"), "shadowed in releases\n");
      KeyPair delegationKey = TestPki.ecKey();
      Files.writeString(dir.resolve("d.key"), TestPki.pem(delegationKey.getPrivate()));
      Files.writeString(dir.resolve("d.crt"), TestPki.pem(
          TestPki.selfSigned("releases", delegationKey, Instant.now(), Duration.ofDays(30))));

      notary.run("init", "-p", GUN);
      notary.run("add", "-p", GUN, "v1", dir.resolve("f1").toString());
      notary.run("key", "import", dir.resolve("d.key").toString(), "-r", "targets/releases");
      notary.run("delegation", "add", "-p", GUN, "targets/releases", dir.resolve("d.crt").toString(), "--all-paths");
      notary.run("delegation", "add", "-p", GUN, "targets/qa", dir.resolve("d.crt").toString(), "--paths", "qa/");
      notary.run("add", "-p", GUN, "rel/1.0", dir.resolve("f2").toString(), "-r", "targets/releases");
      notary.run("add", "-p", GUN, "v1", dir.resolve("f3").toString(), "-r", "targets/releases");
      notary.run("add", "-p", GUN, "qa/1", dir.resolve("f2").toString(), "-r", "targets/qa");

      try (var remote = HttpRemoteStore.builder(URI.create(url)).caFile(ca).build();
           var client = TrustClient.builder(dir.resolve("hallmark"), remote).build()) {
        Gun gun = new Gun(GUN);
        TrustedRepository repo = client.update(gun);
        assertThat(notary.list()).extracting(r -> r.get(0) + " " + r.get(3))
            .containsExactly("qa/1 targets/qa", "rel/1.0 targets/releases", "v1 targets");
        assertThat(rows(repo.list())).isEqualTo(notary.list());
        assertThat(rows(repo.list(List.of(RoleName.of("targets/releases")))))
            .isEqualTo(notary.list("-r", "targets/releases"));
        assertThat(rows(repo.list(List.of(RoleName.of("targets/qa"), RoleName.of("targets/releases")))))
            .isEqualTo(notary.list("-r", "targets/qa,targets/releases"));
        Target v1 = repo.lookup("v1");
        assertThat(v1.name() + " sha256:" + v1.meta().sha256().orElseThrow().hex() + " " + v1.meta().length())
            .isEqualTo(notary.run("lookup", GUN, "v1").strip());
        assertThat(repo.root().signed().version()).isEqualTo(1);

        // a second client run is served from the cache plus a fresh timestamp
        assertThat(rows(client.list(gun, List.of()))).isEqualTo(notary.list());
        assertThat(dir.resolve("hallmark/tuf/example.com/interop/metadata/targets/releases.json")).isRegularFile();

        // root rotated twice and a new server timestamp key: the client walks 2.root.json and 3.root.json to root v4
        notary.runWithInput("yes\n", "key", "rotate", GUN, "root");
        notary.runWithInput("yes\n", "key", "rotate", GUN, "root");
        notary.run("key", "rotate", GUN, "timestamp", "-r");
        TrustedRepository rotated = client.update(gun);
        assertThat(rotated.root().signed().version()).isEqualTo(4); // the server key rotation re-signs root too
        assertThat(rows(rotated.list())).isEqualTo(notary.list());
      }
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** Rows as {@code notary list} prints them: name, sha256 hex, size, role. */
  private static List<List<String>> rows(List<Target> targets) {
    List<List<String>> out = new ArrayList<>();
    for (Target t : targets) {
      out.add(List.of(t.name(), t.meta().sha256().orElseThrow().hex(), Long.toString(t.meta().length()), t.role().value()));
    }
    return out;
  }

  private static void awaitPort(int port, Process server) throws Exception {
    for (int i = 0; i < 100; i++) {
      if (!server.isAlive()) {
        throw new IllegalStateException("notary-server exited with " + server.exitValue());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(TestPki.loopback(), port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("notary-server did not listen on " + port);
  }

  /** The real notary CLI with passphrases from the environment. */
  private record Notary(Path trustDir, String url, Path ca) {
    String run(String... args) throws Exception {
      return runWithInput("", args);
    }

    String runWithInput(String input, String... args) throws Exception {
      List<String> cmd = new ArrayList<>(List.of(NOTARY.toString(), "-d", trustDir.toString(), "-s", url,
          "--tlscacert", ca.toString()));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      for (String role : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
        env.put("NOTARY_" + role + "_PASSPHRASE", "interop-pass");
      }
      Process p = pb.start();
      p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("notary " + String.join(" ", args) + " timed out");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("notary " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    }

    List<List<String>> list(String... extra) throws Exception {
      List<String> args = new ArrayList<>(List.of("list", GUN));
      args.addAll(List.of(extra));
      List<List<String>> rows = new ArrayList<>();
      String[] lines = run(args.toArray(new String[0])).split("\n");
      for (int i = 2; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          rows.add(List.of(lines[i].trim().split("\\s+")));
        }
      }
      return rows;
    }
  }
}
