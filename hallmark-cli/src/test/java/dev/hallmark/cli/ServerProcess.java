package dev.hallmark.cli;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code hallmark server} in a JVM of its own (the test's class path, the embedded database, no auth),
 * for tests about the process: being killed, or two processes on one data directory.
 */
final class ServerProcess implements AutoCloseable {
  private static final long START_SECONDS = 60;

  final Process process;
  final int port;
  final Path dataDir;

  private ServerProcess(Process process, int port, Path dataDir) {
    this.process = process;
    this.port = port;
    this.dataDir = dataDir;
  }

  /** Starts a server and returns once it answers its health check. */
  static ServerProcess start(Path dataDir, int port, Path log) throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Dhallmark.tls.warmup.mb=0", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "server", "--listen", "127.0.0.1:" + port, "--data-dir", dataDir.toString(), "--auth", "none", "--log-level", "warn");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    Path ca = dataDir.resolve("tls").resolve("ca.crt");
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("server exited " + p.exitValue() + ": " + Files.readString(log));
      }
      if (Files.exists(ca) && healthy(ca, port)) {
        return new ServerProcess(p, port, dataDir);
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new AssertionError("server did not answer within " + START_SECONDS + " s: " + Files.readString(log));
  }

  String url() {
    return "https://127.0.0.1:" + port;
  }

  Path caCert() {
    return dataDir.resolve("tls").resolve("ca.crt");
  }

  /** SIGKILL, as the kernel's OOM killer would: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("server process " + process.pid() + " did not end after SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
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
}
