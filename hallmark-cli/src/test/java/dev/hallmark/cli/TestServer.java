package dev.hallmark.cli;

import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.signer.KeyAlgorithm;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.TufCodec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** The trust server started in-process as {@code hallmark server} starts it, on a free port with its own CA. */
final class TestServer implements AutoCloseable {
  final Path dataDir;
  final TrustApiConfig api;
  final Clock clock;
  TrustServerWiring.Running running;
  HttpClient client;

  TestServer(Path dataDir, TrustApiConfig api, Clock clock) throws Exception {
    this.dataDir = dataDir;
    this.api = api;
    this.clock = clock;
    start();
  }

  void start() throws Exception {
    var settings = new ServerSettings(new InetSocketAddress("127.0.0.1", 0), dataDir, Optional.empty(), Optional.empty(),
        false, KeyAlgorithm.ECDSA, Optional.empty(), api, "error");
    running = TrustServerWiring.start(settings, clock, Map.of("HALLMARK_SIGNER_PASSPHRASE", "test passphrase"));
    client = HttpClient.newBuilder().sslContext(trusting(caCert())).connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  void restart() throws Exception {
    running.close();
    start();
  }

  Path caCert() {
    return dataDir.resolve("tls").resolve("ca.crt");
  }

  int port() {
    return running.port();
  }

  String url() {
    return "https://127.0.0.1:" + port();
  }

  /** A TLS context that trusts only the given CA certificate. */
  static SSLContext trusting(Path caCert) throws Exception {
    return dev.hallmark.client.TlsTrust.context(caCert);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30));
  }

  HttpResponse<byte[]> send(HttpRequest r) throws Exception {
    return client.send(r, HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> get(String path) throws Exception {
    return send(request(path).GET().build());
  }

  PublicKey key(String gun, String role) throws Exception {
    var r = get("/v2/" + gun + "/_trust/tuf/" + role + ".key");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("key endpoint answered " + r.statusCode());
    }
    return TufCodec.decodePublicKey(Bytes.wrap(r.body()));
  }

  /** A multipart body as the notary client sends it: one part per role, filename = role. */
  static Multipart multipart(Map<String, byte[]> parts) {
    var m = new Multipart();
    parts.forEach((name, data) -> m.part("form-data; name=\"files\"; filename=\"" + name + "\"", data));
    return m;
  }

  /** A hand-built multipart body. */
  static final class Multipart {
    final String boundary = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab";
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    Multipart part(String disposition, byte[] data) {
      write("--" + boundary + "\r\nContent-Disposition: " + disposition
          + "\r\nContent-Type: application/octet-stream\r\n\r\n");
      out.writeBytes(data);
      write("\r\n");
      return this;
    }

    private void write(String s) {
      out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
      var copy = new java.io.ByteArrayOutputStream();
      copy.writeBytes(out.toByteArray());
      copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return copy.toByteArray();
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }
  }

  HttpResponse<byte[]> post(String gun, Multipart m) throws Exception {
    return send(request("/v2/" + gun + "/_trust/tuf/").header("Content-Type", m.contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(m.bytes())).build());
  }

  /** Every role's current bytes and every version by number, for before/after comparisons. */
  Map<String, String> snapshotOf(String gun, List<String> roles) throws Exception {
    var out = new java.util.LinkedHashMap<String, String>();
    for (String role : roles) {
      var r = get("/v2/" + gun + "/_trust/tuf/" + role + ".json");
      out.put(role, r.statusCode() + ":" + Bytes.wrap(r.body()).sha256().hex());
      for (int v = 1; v <= 10; v++) {
        var rv = get("/v2/" + gun + "/_trust/tuf/" + v + "." + role + ".json");
        if (rv.statusCode() != 200) {
          break;
        }
        out.put(v + "." + role, Bytes.wrap(rv.body()).sha256().hex());
      }
    }
    out.put("changefeed", new String(get("/v2/_trust/changefeed?records=1000").body(), StandardCharsets.UTF_8));
    return out;
  }

  @Override
  public void close() throws Exception {
    running.close();
  }

  /** A server with token auth on, data in {@code dataDir}, the given admin password; TLS CA in {@code dataDir/tls/ca.crt}. */
  static TrustServerWiring.Running withTokenAuth(java.nio.file.Path dataDir, String adminPassword) throws java.io.IOException {
    return withTokenAuth(dataDir, adminPassword, dev.hallmark.registry.RegistryConfig.defaults());
  }

  /** As {@link #withTokenAuth(java.nio.file.Path, String)}, with the given registry settings. */
  static TrustServerWiring.Running withTokenAuth(java.nio.file.Path dataDir, String adminPassword,
      dev.hallmark.registry.RegistryConfig registry) throws java.io.IOException {
    var settings = new ServerSettings(new java.net.InetSocketAddress("127.0.0.1", 0), dataDir, java.util.Optional.empty(),
        java.util.Optional.empty(), false, dev.hallmark.signer.KeyAlgorithm.ECDSA, java.util.Optional.empty(),
        dev.hallmark.server.TrustApiConfig.DEFAULTS, "error").withAuth(AuthSettings.TOKEN);
    return TrustServerWiring.start(settings, java.time.Clock.systemUTC(),
        Map.of("HALLMARK_SIGNER_PASSPHRASE", "test passphrase", "HALLMARK_ADMIN_PASSWORD", adminPassword),
        new java.io.PrintWriter(new java.io.StringWriter()), registry, dev.hallmark.registry.access.ScopeCheck.ALLOW_ALL);
  }
}
