package dev.hallmark.client.registry;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.ManifestReference;
import dev.hallmark.oci.MediaType;
import dev.hallmark.oci.Repository;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client of one registry's distribution API ({@code /v2/...}): what {@code docker push} and
 * {@code docker pull} send. Blobs are uploaded monolithically (POST, then PUT {@code ?digest=}); everything
 * pulled is checked against the digest it was asked for. A 401 with a {@code Bearer} challenge is answered
 * by fetching a token from the challenge's realm with the configured credentials (HTTP Basic), as the
 * docker client does; a {@code Basic} challenge is answered with the credentials themselves.
 */
public final class RegistryClient implements AutoCloseable {
  /** Manifest media types a pull accepts, in the docker client's order. */
  static final List<MediaType> ACCEPT = List.of(MediaType.OCI_MANIFEST, MediaType.DOCKER_MANIFEST,
      MediaType.OCI_INDEX, MediaType.DOCKER_MANIFEST_LIST);
  private static final long MAX_MANIFEST = 4L << 20;
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final String basic;
  /** Authorization header per repository, from the last answered challenge. */
  private final Map<String, String> authorization = new ConcurrentHashMap<>();

  private RegistryClient(URI base, HttpClient http, Duration timeout, String basic) {
    this.base = base;
    this.http = http;
    this.timeout = timeout;
    this.basic = basic;
  }

  /** A builder for the registry at {@code base} ({@code https://host:port}). */
  public static Builder builder(URI base) {
    return new Builder(base);
  }

  /** Builds a {@link RegistryClient}. */
  public static final class Builder {
    private final URI base;
    private Path caFile;
    private String username;
    private String password;
    private Duration timeout = Duration.ofMinutes(2);

    private Builder(URI base) {
      this.base = base;
    }

    /** Trusts only the CA certificates in this PEM file. */
    public Builder caFile(Path caFile) {
      this.caFile = caFile;
      return this;
    }

    /** Credentials for the token endpoint (or a Basic challenge). */
    public Builder credentials(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** @throws IOException when the CA file cannot be read */
    public RegistryClient build() throws IOException {
      HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20));
      if (caFile != null) {
        b.sslContext(sslContext(caFile));
      }
      String s = base.toString();
      while (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
      String basic = username == null ? null : "Basic " + Base64.getEncoder()
          .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
      return new RegistryClient(URI.create(s), b.build(), timeout, basic);
    }

    private static SSLContext sslContext(Path pem) throws IOException {
      try {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
          trust.setCertificateEntry("ca" + i++, c);
        }
        if (i == 0) {
          throw new IOException("no certificates in " + pem);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot set up TLS: " + e.getMessage(), e);
      }
    }
  }

  /** Whether the registry has the blob in this repository (HEAD). */
  public boolean blobExists(Repository repo, Digest digest) {
    var r = exchange(repo, "push,pull", request(repo, "blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    return switch (r.statusCode()) {
      case 200 -> true;
      case 404 -> false;
      default -> throw failure("HEAD blob " + digest, r);
    };
  }

  /** Uploads a blob unless the repository has it: POST an upload session, then PUT the content with its digest. */
  public void pushBlob(Repository repo, Digest digest, Bytes content) {
    if (blobExists(repo, digest)) {
      return;
    }
    var start = exchange(repo, "push,pull", request(repo, "blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()));
    if (start.statusCode() != 202) {
      throw failure("start upload of " + digest, start);
    }
    String location = start.headers().firstValue("Location")
        .orElseThrow(() -> new RegistryException(start.statusCode(), "upload of " + digest + ": no Location"));
    URI uri = base.resolve(location);
    String put = uri + (uri.getRawQuery() == null ? "?" : "&") + "digest=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8);
    var done = exchange(repo, "push,pull", HttpRequest.newBuilder(URI.create(put))
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content.unsafeArray())));
    if (done.statusCode() != 201) {
      throw failure("upload of " + digest, done);
    }
  }

  /** Uploads a manifest under a tag or digest and returns its digest (the server's {@code Docker-Content-Digest} is checked). */
  public Digest pushManifest(Repository repo, ManifestReference reference, MediaType mediaType, Bytes manifest) {
    Digest digest = Digest.sha256(manifest.unsafeArray());
    var r = exchange(repo, "push,pull", request(repo, "manifests/" + reference)
        .header("Content-Type", mediaType.value())
        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.unsafeArray())));
    if (r.statusCode() != 201) {
      throw failure("push of manifest " + reference, r);
    }
    r.headers().firstValue("Docker-Content-Digest").ifPresent(d -> {
      if (!d.equals(digest.toString())) {
        throw new RegistryException(0, "registry stored manifest " + reference + " as " + d + ", expected " + digest);
      }
    });
    return digest;
  }

  /** A pulled manifest: its bytes and media type. */
  public record PulledManifest(MediaType mediaType, Bytes bytes) {
    public Digest digest() {
      return Digest.sha256(bytes.unsafeArray());
    }
  }

  /**
   * Pulls a manifest. By digest, the bytes must hash to it; by tag, they must hash to the
   * {@code Docker-Content-Digest} the registry answered with, when it sent one.
   */
  public PulledManifest pullManifest(Repository repo, ManifestReference reference) {
    var r = exchange(repo, "pull", request(repo, "manifests/" + reference)
        .header("Accept", String.join(", ", ACCEPT.stream().map(MediaType::value).toList())).GET());
    if (r.statusCode() != 200) {
      throw failure("pull of manifest " + reference, r);
    }
    if (r.body().length > MAX_MANIFEST) {
      throw new RegistryException(0, "manifest " + reference + " is larger than " + MAX_MANIFEST + " bytes");
    }
    Digest expected = reference instanceof Digest d ? d
        : r.headers().firstValue("Docker-Content-Digest").map(Digest::parse).orElse(null);
    if (expected != null) {
      verify("manifest " + reference, expected, r.body());
    }
    MediaType type = r.headers().firstValue("Content-Type").map(MediaType::parse)
        .orElseThrow(() -> new RegistryException(0, "manifest " + reference + " has no Content-Type"));
    return new PulledManifest(type, Bytes.wrap(r.body()));
  }

  /** Pulls a blob and checks it against its digest. */
  public Bytes pullBlob(Repository repo, Digest digest) {
    var r = exchange(repo, "pull", request(repo, "blobs/" + digest).GET());
    if (r.statusCode() != 200) {
      throw failure("pull of blob " + digest, r);
    }
    verify("blob " + digest, digest, r.body());
    return Bytes.wrap(r.body());
  }

  private static void verify(String what, Digest expected, byte[] body) {
    Digest actual = expected.recompute(body);
    if (!actual.equals(expected)) {
      throw new RegistryException(0, what + ": content has digest " + actual + ", expected " + expected);
    }
  }

  private HttpRequest.Builder request(Repository repo, String path) {
    return HttpRequest.newBuilder(URI.create(base + "/v2/" + repo.name() + "/" + path));
  }

  /** Sends a request; on 401 answers the challenge once and retries. */
  private HttpResponse<byte[]> exchange(Repository repo, String actions, HttpRequest.Builder rb) {
    String auth = authorization.get(repo.name() + ":" + actions);
    HttpResponse<byte[]> r = send(withAuth(rb, auth));
    if (r.statusCode() == 401) {
      String fresh = authorize(repo, actions, r.headers().firstValue("WWW-Authenticate").orElse(""));
      if (fresh != null) {
        authorization.put(repo.name() + ":" + actions, fresh);
        r = send(withAuth(rb, fresh));
      }
    }
    return r;
  }

  private static HttpRequest withAuth(HttpRequest.Builder rb, String auth) {
    HttpRequest.Builder copy = rb.copy();
    if (auth != null) {
      copy.setHeader("Authorization", auth);
    }
    return copy.build();
  }

  /** The Authorization header answering a challenge (docker registry token auth), or null. */
  private String authorize(Repository repo, String actions, String challenge) {
    String lower = challenge.toLowerCase(Locale.ROOT);
    if (lower.startsWith("basic")) {
      return basic;
    }
    if (!lower.startsWith("bearer")) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    var m = PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null) {
      return null;
    }
    StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    if (params.containsKey("service")) {
      q.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)).append('&');
    }
    q.append("scope=").append(URLEncoder.encode("repository:" + repo.name() + ":" + actions, StandardCharsets.UTF_8));
    HttpRequest.Builder tr = HttpRequest.newBuilder(URI.create(q.toString())).GET();
    if (basic != null) {
      tr.header("Authorization", basic);
    }
    var token = send(tr.build());
    if (token.statusCode() != 200) {
      throw failure("token request to " + realm, token);
    }
    if (JsonReader.forMetadata().parse(token.body()) instanceof Json.Obj o) {
      for (String name : List.of("token", "access_token")) {
        if (o.get(name) instanceof Json.Str t && !t.value().isEmpty()) {
          return "Bearer " + t.value();
        }
      }
    }
    return null;
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    request = HttpRequest.newBuilder(request, (k, v) -> true).timeout(timeout).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new RegistryException(0, request.method() + " " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(0, "interrupted: " + request.method() + " " + request.uri(), e);
    }
  }

  /** The error of an unexpected status, with the first distribution error code and message when sent. */
  private static RegistryException failure(String what, HttpResponse<byte[]> r) {
    String detail = "";
    try {
      if (r.body() != null && r.body().length > 0
          && JsonReader.forMetadata().parse(r.body()) instanceof Json.Obj o
          && o.get("errors") instanceof Json.Arr a && !a.items().isEmpty()
          && a.items().getFirst() instanceof Json.Obj e) {
        detail = ": " + (e.get("code") instanceof Json.Str c ? c.value() : "")
            + (e.get("message") instanceof Json.Str msg ? " " + msg.value() : "");
      }
    } catch (RuntimeException e) {
      // not a distribution error body
    }
    return new RegistryException(r.statusCode(), what + " failed: HTTP " + r.statusCode() + detail);
  }

  @Override
  public void close() {
    http.shutdownNow();
  }
}
