package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server acknowledged survives its process being killed (SIGKILL, as the kernel's OOM killer
 * or a node failure would) right after the acknowledgement: the server runs in its own JVM on the
 * embedded database, is killed after each publish and restarted on the same data directory, and the
 * client, which cached what it published, must find every target on the restarted server.
 */
class CrashDurabilityTest {
  private static final String PW = "crash-test-passphrase";
  private static final long START_SECONDS = 60;

  @TempDir Path dir;

  @Test
  void acknowledgedPublishesSurviveAKillRightAfterTheResponse() throws Exception {
    Path data = dir.resolve("data");
    Path artifact = Files.writeString(dir.resolve("artifact.txt"), "crash test artifact\n");
    String gun = "example.com/crash/app";
    int port = freePort();
    Process server = start(data, port);
    try {
      run(port, data, "init", gun, "-p");
      for (int i = 1; i <= 3; i++) {
        run(port, data, "add", gun, "v" + i, artifact.toString(), "-p");
        server.destroyForcibly();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        server = start(data, port);
        String list = run(port, data, "list", gun);
        for (int j = 1; j <= i; j++) {
          assertThat(list).as("after kill %d", i).contains("v" + j);
        }
      }
    } finally {
      server.destroyForcibly();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The server in a JVM of its own (the test's class path), once it answers its health check. */
  private Process start(Path data, int port) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Dhallmark.tls.warmup.mb=0", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "server", "--listen", "127.0.0.1:" + port, "--data-dir", data.toString(), "--auth", "none", "--log-level", "warn"));
    Path log = Files.createTempFile(dir, "server", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    Path ca = data.resolve("tls").resolve("ca.crt");
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("server exited " + p.exitValue() + ": " + Files.readString(log));
      }
      if (Files.exists(ca) && healthy(ca, port)) {
        return p;
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new AssertionError("server did not answer within " + START_SECONDS + " s: " + Files.readString(log));
  }

  private static boolean healthy(Path ca, int port) {
    try {
      HttpClient http = HttpClient.newBuilder().sslContext(TestServer.trusting(ca)).connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/_notary_server/health"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (Exception notYet) {
      return false;
    }
  }

  private String run(int port, Path data, String... command) {
    List<String> args = new ArrayList<>(List.of("-d", dir.resolve("trust").toString(), "-s", "https://127.0.0.1:" + port,
        "--tlscacert", data.resolve("tls").resolve("ca.crt").toString()));
    args.addAll(List.of(command));
    Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString()));
    for (String role : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
      env.put("NOTARY_" + role + "_PASSPHRASE", PW);
    }
    var out = new StringWriter();
    int code = Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true), env);
    assertThat(code).as(String.join(" ", command) + "\n" + out).isZero();
    return out.toString();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
