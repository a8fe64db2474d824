package dev.hallmark.client;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.Pem;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.TufCodec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A {@link RemoteStore} over HTTPS with {@link HttpClient}, against a notary-server base URL.
 *
 * <p>Every fetch has one wall-clock deadline covering connect, headers and the whole body, so a
 * server that drips bytes cannot hold the client longer than {@link Builder#timeout(Duration)}; bodies
 * are counted while they stream and the download is aborted at the size limit (a declared
 * {@code Content-Length} above it is refused before reading). Status mapping as reference
 * storage/httpstore.go: 200 success, 404 not found, 401 unauthorized, anything else unavailable.
 *
 * {@snippet :
 * try (var remote = HttpRemoteStore.builder(URI.create("https://notary.example.com:4443"))
 *     .caFile(Path.of("root-ca.crt"))
 *     .build()) {
 *   Bytes ts = remote.fetch(new Gun("example.com/app"), "timestamp.json", 1 << 20);
 * }
 * }
 */
public final class HttpRemoteStore implements RemoteStore {
  /** Deadline for one file when none is configured. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
  /** Longest deadline accepted, so no configuration can make a fetch unbounded. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  private static final int ERROR_BODY_LIMIT = 1024;

  private final URI server;
  private final HttpClient http;
  private final Duration timeout;
  private String username;
  private String password;
  private String actions = "pull";
  private volatile String authorization;

  private HttpRemoteStore(URI server, HttpClient http, Duration timeout) {
    this.server = server;
    this.http = http;
    this.timeout = timeout;
  }

  /** Starts configuring a store for the trust server at {@code server} (scheme, host, port). */
  public static Builder builder(URI server) {
    return new Builder(server);
  }

  /** Options of an {@link HttpRemoteStore}. */
  public static final class Builder {
    private final URI server;
    private Path caFile;
    private Path clientCert;
    private Path clientKey;
    private Duration timeout = DEFAULT_TIMEOUT;
    private String username;
    private String password;
    private String actions = "pull";

    private Builder(URI server) {
      Objects.requireNonNull(server);
      String scheme = server.getScheme();
      if (!"https".equals(scheme) && !"http".equals(scheme) || server.getHost() == null) {
        throw new IllegalArgumentException("trust server must be an http(s) URL with a host: " + server);
      }
      this.server = server;
    }

    /** PEM bundle of the CAs that may sign the server's certificate (notary {@code --tlscacert}). */
    public Builder caFile(Path caFile) {
      this.caFile = Objects.requireNonNull(caFile);
      return this;
    }

    /** A client certificate chain and its unencrypted PEM private key, for mutual TLS. */
    public Builder clientCertificate(Path certPem, Path keyPem) {
      this.clientCert = Objects.requireNonNull(certPem);
      this.clientKey = Objects.requireNonNull(keyPem);
      return this;
    }

    /**
     * Credentials for servers that ask for basic or token authentication (Docker token auth: the
     * realm of the {@code WWW-Authenticate} challenge is asked for a token with these credentials).
     */
    public Builder credentials(String username, String password) {
      this.username = Objects.requireNonNull(username);
      this.password = Objects.requireNonNull(password);
      return this;
    }

    /**
     * The actions a token is requested for: {@code pull} (read commands, default), {@code push,pull}
     * (publishing) or {@code *} (deleting, key rotation), as reference cmd/notary/tuf.go.
     */
    public Builder tokenActions(String actions) {
      this.actions = Objects.requireNonNull(actions);
      return this;
    }

    /** The wall-clock deadline for fetching one file, body included. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException("timeout must be positive and at most " + MAX_TIMEOUT);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the store.
     *
     * @throws IOException when the CA or client certificate files cannot be read
     */
    public HttpRemoteStore build() throws IOException {
      HttpClient.Builder b = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(timeout);
      if (caFile != null || clientCert != null) {
        b.sslContext(sslContext());
      }
      String base = server.toString();
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      var store = new HttpRemoteStore(URI.create(base), b.build(), timeout);
      store.username = username;
      store.password = password;
      store.actions = actions;
      return store;
    }

    private SSLContext sslContext() throws IOException {
      try {
        TrustManager[] trust;
        if (caFile != null) {
          trust = TlsTrust.trustManagers(caFile);
        } else {
          TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
          tmf.init((KeyStore) null);
          trust = tmf.getTrustManagers();
        }
        KeyManagerFactory kmf = null;
        if (clientCert != null) {
          KeyStore ks = KeyStore.getInstance("PKCS12");
          ks.load(null, null);
          char[] none = new char[0];
          ks.setKeyEntry("client", readPrivateKey(clientKey), none,
              readCertificates(clientCert).toArray(new Certificate[0]));
          kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
          kmf.init(ks, none);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
        return ctx;
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot set up TLS: " + e.getMessage(), e);
      }
    }

    private static List<Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
      byte[] text = Files.readAllBytes(pem);
      return new ArrayList<>(CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(text)));
    }

    private static PrivateKey readPrivateKey(Path pem) throws IOException, GeneralSecurityException {
      Pem block = Pem.decodeFirst(Files.readString(pem));
      if (block == null) {
        throw new IOException("no PEM block in " + pem);
      }
      byte[] der = block.content().unsafeArray();
      PrivateKeyInfo info = switch (block.type()) {
        case "PRIVATE KEY" -> PrivateKeyInfo.getInstance(der);
        case "EC PRIVATE KEY" -> {
          ECPrivateKey ec = ECPrivateKey.getInstance(der);
          yield new PrivateKeyInfo(
              new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()), ec);
        }
        case "RSA PRIVATE KEY" -> new PrivateKeyInfo(
            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
            RSAPrivateKey.getInstance(der));
        default -> throw new IOException("unsupported private key PEM type " + block.type() + " in " + pem);
      };
      String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
      String alg = oid.equals(X9ObjectIdentifiers.id_ecPublicKey.getId()) ? "EC"
          : oid.equals(PKCSObjectIdentifiers.rsaEncryption.getId()) ? "RSA"
          : oid.equals("1.3.101.112") ? "Ed25519" : null;
      if (alg == null) {
        throw new IOException("unsupported private key algorithm " + oid + " in " + pem);
      }
      return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    }
  }

  @Override
  public String address() {
    return server.getPort() < 0 ? server.getHost() : server.getHost() + ":" + server.getPort();
  }

  /** The deadline of one fetch. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public Bytes fetch(Gun gun, String fileName, long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("negative size limit");
    }
    String resource = resourceName(fileName);
    URI uri = URI.create(server + "/v2/" + gun.value() + "/_trust/tuf/" + fileName);
    HttpResponse<byte[]> response = exchange(gun, HttpRequest.newBuilder(uri).GET(), resource, maxBytes);
    return switch (response.statusCode()) {
      case 200 -> Bytes.wrap(response.body());
      case 404 -> throw new TrustException(new TrustFailure.NotFound(resource),
          resource + " trust data unavailable.  Has a notary repository been initialized?");
      default -> throw statusError(response.statusCode(), response.body());
    };
  }

  /**
   * GETs another resource of the trust server that is read with the collection's access, e.g.
   * {@code /policy/v1/context/<gun>}, answering an auth challenge as {@link #fetch} does.
   *
   * @param pathAndQuery an absolute path (and query) on the server
   * @throws TrustException {@link TrustFailure.NotFound} on 404, else as {@link #fetch}
   */
  public Bytes fetchResource(Gun gun, String pathAndQuery, long maxBytes) {
    if (!pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute path: " + pathAndQuery);
    }
    URI uri = URI.create(server + pathAndQuery);
    HttpResponse<byte[]> response = exchange(gun, HttpRequest.newBuilder(uri).GET(), pathAndQuery, maxBytes);
    return switch (response.statusCode()) {
      case 200 -> Bytes.wrap(response.body());
      case 404 -> throw new TrustException(new TrustFailure.NotFound(pathAndQuery),
          address() + " does not serve " + pathAndQuery + " (is it a Hallmark server?)");
      default -> throw statusError(response.statusCode(), response.body());
    };
  }

  @Override
  public void publish(Gun gun, Map<RoleName, Bytes> files) {
    // reference storage/httpstore.go NewMultiPartMetaRequest: one part "files" per role, filename = role
    String boundary = HexFormat.of().formatHex(randomBytes(30));
    var body = new java.io.ByteArrayOutputStream();
    for (var e : files.entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
          + e.getKey().value() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(e.getValue().unsafeArray());
      body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    byte[] bytes = body.toByteArray();
    URI uri = URI.create(server + "/v2/" + gun.value() + "/_trust/tuf/");
    HttpResponse<byte[]> response = exchange(gun, HttpRequest.newBuilder(uri)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), "publish", ERROR_BODY_LIMIT);
    if (response.statusCode() != 200) {
      throw statusError(response.statusCode(), response.body());
    }
  }

  @Override
  public PublicKey rotateServerKey(Gun gun, RoleName role) {
    URI uri = URI.create(server + "/v2/" + gun.value() + "/_trust/tuf/" + role.value() + ".key");
    HttpResponse<byte[]> response = exchange(gun, HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.noBody()), role.value() + " key", 1 << 20);
    if (response.statusCode() != 200) {
      throw statusError(response.statusCode(), response.body());
    }
    return TufCodec.decodePublicKey(Bytes.wrap(response.body()));
  }

  @Override
  public void deleteAll(Gun gun) {
    URI uri = URI.create(server + "/v2/" + gun.value() + "/_trust/tuf/");
    HttpResponse<byte[]> response = exchange(gun, HttpRequest.newBuilder(uri).DELETE(), "delete", ERROR_BODY_LIMIT);
    if (response.statusCode() != 200) {
      throw statusError(response.statusCode(), response.body());
    }
  }

  /** Error of a non-200 status, as reference storage/httpstore.go {@code translateStatusToError}. */
  private static TrustException statusError(int status, byte[] body) {
    return switch (status) {
      case 401 -> new TrustException(new TrustFailure.Unauthorized(),
          "you are not authorized to perform this operation: server returned 401.");
      case 400 -> new TrustException(new TrustFailure.Unavailable(400), rejected(body));
      default -> new TrustException(new TrustFailure.Unavailable(status),
          "unable to reach trust server at this time: " + status + ".");
    };
  }

  /** The server's validation detail of a rejected update, when it sent one. */
  private static String rejected(byte[] body) {
    try {
      if (dev.hallmark.tuf.json.JsonReader.forMetadata().parse(body) instanceof dev.hallmark.tuf.json.Json.Obj o
          && o.get("errors") instanceof dev.hallmark.tuf.json.Json.Arr a && a.items().size() == 1
          && a.items().getFirst() instanceof dev.hallmark.tuf.json.Json.Obj e
          && e.get("detail") instanceof dev.hallmark.tuf.json.Json.Obj d
          && d.get("Error") instanceof dev.hallmark.tuf.json.Json.Str msg) {
        return msg.value();
      }
    } catch (RuntimeException e) {
      // not the reference's error body: fall through to the generic message
    }
    return "trust server rejected operation.";
  }

  /** Sends a request, answering one basic/token authentication challenge when credentials allow. */
  private HttpResponse<byte[]> exchange(Gun gun, HttpRequest.Builder rb, String resource, long maxBytes) {
    String auth = authorization;
    HttpResponse<byte[]> response = send(withAuth(rb, auth), resource, maxBytes);
    if (response.statusCode() == 401) {
      String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
      String fresh = authorize(gun, challenge);
      if (fresh != null) {
        authorization = fresh;
        response = send(withAuth(rb, fresh), resource, maxBytes);
      }
    }
    return response;
  }

  private static HttpRequest withAuth(HttpRequest.Builder rb, String auth) {
    HttpRequest.Builder copy = rb.copy();
    if (auth != null) {
      copy.setHeader("Authorization", auth);
    }
    return copy.build();
  }

  /** The Authorization header value answering a challenge, or null when none can be made. */
  private String authorize(Gun gun, String challenge) {
    String basic = username == null ? null : "Basic " + java.util.Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    String lower = challenge.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("basic")) {
      return basic;
    }
    if (!lower.startsWith("bearer")) {
      return null;
    }
    Map<String, String> params = new java.util.HashMap<>();
    var m = java.util.regex.Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null) {
      return null;
    }
    StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    if (params.containsKey("service")) {
      q.append("service=").append(java.net.URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)).append('&');
    }
    q.append("scope=").append(java.net.URLEncoder.encode("repository:" + gun.value() + ":" + actions, StandardCharsets.UTF_8));
    // the realm comes from the server: one that is no http(s) URL leaves the 401 standing
    URI tokenUri;
    try {
      tokenUri = URI.create(q.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!("https".equalsIgnoreCase(tokenUri.getScheme()) || "http".equalsIgnoreCase(tokenUri.getScheme()))
        || tokenUri.getHost() == null) {
      return null;
    }
    HttpRequest.Builder tr = HttpRequest.newBuilder(tokenUri).GET();
    if (basic != null) {
      tr.header("Authorization", basic);
    }
    HttpResponse<byte[]> tokenResponse = send(tr.build(), "token", 1 << 20);
    if (tokenResponse.statusCode() != 200) {
      return null;
    }
    try {
      if (dev.hallmark.tuf.json.JsonReader.forMetadata().parse(tokenResponse.body()) instanceof dev.hallmark.tuf.json.Json.Obj o) {
        for (String name : List.of("token", "access_token")) {
          if (o.get(name) instanceof dev.hallmark.tuf.json.Json.Str t && !t.value().isEmpty()) {
            return "Bearer " + t.value();
          }
        }
      }
    } catch (RuntimeException e) {
      return null;
    }
    return null;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }

  private HttpResponse<byte[]> send(HttpRequest request, String resource, long maxBytes) {
    request = HttpRequest.newBuilder(request, (k, v) -> true).timeout(timeout).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    var future = http.sendAsync(request, info -> info.statusCode() == 200
        ? CappedBody.strict(info, resource, maxBytes)
        : CappedBody.truncating(ERROR_BODY_LIMIT));
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new TrustException(new TrustFailure.Timeout(resource, timeout.toMillis()),
          "unable to reach trust server at this time: fetching " + resource + " took longer than "
              + timeout.toMillis() + " ms.");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new TrustException(new TrustFailure.Unavailable(0), "interrupted while fetching " + resource, e);
    } catch (CancellationException e) {
      throw new TrustException(new TrustFailure.Unavailable(0), "fetch of " + resource + " was cancelled", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TrustException te) {
        throw te;
      }
      if (cause != null && cause.getCause() instanceof TrustException te) {
        throw te;
      }
      if (unreachable(cause)) {
        // notary pings the server before a command and, when the connection or TLS handshake
        // fails, goes on offline: every remote operation then fails with ErrOffline's words
        throw new TrustException(new TrustFailure.Unavailable(0), "client is offline", cause);
      }
      throw new TrustException(new TrustFailure.Unavailable(0),
          "unable to reach trust server at this time: " + (cause == null ? e : cause) + ".", cause);
    }
  }

  /** A failure to connect at all (refused, unresolvable, connect timeout, TLS handshake), not a failure mid-exchange. */
  private static boolean unreachable(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.net.http.HttpConnectTimeoutException
          || t instanceof javax.net.ssl.SSLHandshakeException || t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /** The name notary uses for a file in messages: the file name without {@code .json}. */
  static String resourceName(String fileName) {
    return fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
  }

  @Override
  public void close() {
    http.shutdownNow();
  }
}
