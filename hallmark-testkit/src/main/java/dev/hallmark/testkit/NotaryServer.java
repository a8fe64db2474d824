package dev.hallmark.testkit;

import dev.hallmark.client.TlsTrust;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real notary-server 0.7 for interop tests: memory store, local signer, TLS with a CA and server
 * certificate made by {@code openssl} in the work directory, on a free port of 127.0.0.1, started and
 * waited for until its health endpoint answers; stopped by its process on {@link #close()}.
 */
public final class NotaryServer implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/notary-server");
  private static final String CERTIFICATES = """
      set -e
      openssl ecparam -name prime256v1 -genkey -noout -out ca.key
      openssl req -x509 -new -key ca.key -sha256 -days 30 -subj "/CN=test CA" \\
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt
      openssl ecparam -name prime256v1 -genkey -noout -out server.key
      openssl req -new -key server.key -subj "/CN=localhost" -out server.csr
      printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext
      openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -sha256 -extfile server.ext -out server.crt
      """;

  private final Process process;
  private final String url;
  private final Path caCert;
  private final HttpClient http;

  private NotaryServer(Process process, String url, Path caCert, HttpClient http) {
    this.process = process;
    this.url = url;
    this.caCert = caCert;
    this.http = http;
  }

  /** Whether notary-server and openssl are installed (interop tests skip otherwise). */
  public static boolean installed() {
    if (!Files.isExecutable(BINARY)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * For interop tests that drive the real notary CLI against the real notary-server: skips the
   * calling test (class) unless interop tests are on ({@code -Dhallmark.interop} is not false) and
   * notary, notary-server and openssl are installed; then {@link #start}s the server in {@code work}.
   */
  public static NotaryServer startOrSkip(Path work) throws IOException, InterruptedException {
    org.junit.jupiter.api.Assumptions.assumeTrue(!"false".equals(System.getProperty("hallmark.interop")),
        "interop tests disabled");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/notary")) && installed(),
        "notary, notary-server or openssl not installed");
    return start(work);
  }

  /** Makes the certificates and the configuration in {@code work} and starts the server there. */
  public static NotaryServer start(Path work) throws IOException, InterruptedException {
    Process openssl = new ProcessBuilder("bash", "-c", CERTIFICATES).directory(work.toFile())
        .redirectErrorStream(true).redirectOutput(work.resolve("openssl.log").toFile()).start();
    if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
      throw new IOException("openssl could not make the test certificates: " + Files.readString(work.resolve("openssl.log")));
    }
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(work.resolve("server.json"), """
        {"server":{"http_addr":"127.0.0.1:%d","tls_key_file":"server.key","tls_cert_file":"server.crt"},
         "trust_service":{"type":"local","key_algorithm":"ecdsa"},"storage":{"backend":"memory"},
         "logging":{"level":"error"}}""".formatted(port));
    Process process = new ProcessBuilder(BINARY.toString(), "-config", "server.json").directory(work.toFile())
        .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
    Path ca = work.resolve("ca.crt");
    HttpClient http = HttpClient.newBuilder().sslContext(TlsTrust.context(ca)).connectTimeout(Duration.ofSeconds(5))
        .build();
    var server = new NotaryServer(process, "https://127.0.0.1:" + port, ca, http);
    for (int i = 0; i < 100; i++) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(server.url + "/_notary_server/health")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return server;
        }
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    server.close();
    throw new IOException("notary-server did not answer on " + server.url + ": " + Files.readString(work.resolve("server.log")));
  }

  /** {@code https://127.0.0.1:PORT}. */
  public String url() {
    return url;
  }

  /** The CA certificate that issued the server's certificate. */
  public Path caCert() {
    return caCert;
  }

  /** A client that trusts the server's CA. */
  public HttpClient http() {
    return http;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
