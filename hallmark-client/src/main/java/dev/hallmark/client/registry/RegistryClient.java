package dev.hallmark.client.registry;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.ManifestReference;
import dev.hallmark.oci.MediaType;
import dev.hallmark.oci.Repository;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonReader;
import dev.hallmark.oci.Descriptor;
import dev.hallmark.oci.ImageIndex;
import dev.hallmark.oci.ImageManifest;
import dev.hallmark.oci.Manifests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

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
      return dev.hallmark.client.TlsTrust.context(pem);
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
    pushBlob(repo, new BlobSource(digest, content.length(), () -> new ByteArrayInputStream(content.unsafeArray())),
        ProgressListener.NONE);
  }

  /**
   * Uploads a blob unless the repository has it, streaming it from its source: POST an upload
   * session, then one PUT with the content and its digest (the registry verifies the digest).
   */
  public void pushBlob(Repository repo, BlobSource blob, ProgressListener progress) {
    Digest digest = blob.digest();
    if (blobExists(repo, digest)) {
      progress.alreadyExists(digest);
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
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
      try {
        return new MeteredInputStream(blob.content().open(), Long.MAX_VALUE, n -> progress.transferred(digest, n, blob.size()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }), blob.size());
    var done = exchange(repo, "push,pull", HttpRequest.newBuilder(URI.create(put))
        .header("Content-Type", "application/octet-stream").timeout(transferTimeout(blob.size())).PUT(body));
    if (done.statusCode() != 201) {
      throw failure("upload of " + digest, done);
    }
    progress.completed(digest);
  }

  /**
   * Pushes an image: for an index every manifest it lists first (each with its blobs, by digest),
   * then the image's own blobs, then its manifest under {@code reference}.
   *
   * @return the digest of the image's manifest
   */
  public Digest pushImage(Repository repo, ManifestReference reference, StreamedImage image, ProgressListener progress) {
    for (StreamedImage child : image.children()) {
      pushImage(repo, child.digest(), child, progress);
    }
    for (BlobSource b : image.blobs()) {
      pushBlob(repo, b, progress);
    }
    return pushManifest(repo, reference, image.mediaType(), image.manifest());
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

  /** Pulls a blob into memory and checks it against its digest. */
  public Bytes pullBlob(Repository repo, Digest digest) {
    var r = exchange(repo, "pull", request(repo, "blobs/" + digest).GET());
    if (r.statusCode() != 200) {
      throw failure("pull of blob " + digest, r);
    }
    verify("blob " + digest, digest, r.body());
    return Bytes.wrap(r.body());
  }

  /**
   * Pulls a blob into {@code target}, hashing it as it streams in; the file is deleted unless its
   * content has the digest.
   *
   * @throws RegistryException when the registry refuses or the content does not match
   */
  public void pullBlob(Repository repo, Digest digest, Path target, ProgressListener progress) throws IOException {
    var r = exchange(repo, "pull", request(repo, "blobs/" + digest).GET(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = r.body()) {
      if (r.statusCode() != 200) {
        throw failure("pull of blob " + digest, r.statusCode(), body.readNBytes(64 * 1024));
      }
      long total = r.headers().firstValueAsLong("Content-Length").orElse(-1);
      MessageDigest hasher = digest.algorithm().newHasher();
      try (InputStream in = new MeteredInputStream(new DigestInputStream(body, hasher), Long.MAX_VALUE,
          n -> progress.transferred(digest, n, total));
          OutputStream out = Files.newOutputStream(target)) {
        in.transferTo(out);
      }
      Digest actual = Digest.of(digest.algorithm(), hasher);
      if (!actual.equals(digest)) {
        Files.deleteIfExists(target);
        throw new RegistryException(0, "blob " + digest + ": content has digest " + actual + ", expected " + digest);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(target);
      throw e;
    }
    progress.completed(digest);
  }

  /**
   * Pulls what a pulled manifest references into files under {@code dir}: for an image manifest its
   * blobs, for an index every manifest it lists (by digest) with theirs. Each blob is pulled once.
   *
   * @return the image, its blobs read from {@code dir}
   */
  public StreamedImage pullImage(Repository repo, PulledManifest manifest, Path dir, ProgressListener progress)
      throws IOException {
    return pullTree(repo, manifest, dir, progress, new java.util.HashMap<>(), 0);
  }

  private StreamedImage pullTree(Repository repo, PulledManifest manifest, Path dir, ProgressListener progress,
      Map<Digest, BlobSource> pulled, int depth) throws IOException {
    if (depth > 4) {
      throw new RegistryException(0, "image indexes nested more than 4 deep");
    }
    return switch (Manifests.parse(manifest.bytes().unsafeArray(), Optional.of(manifest.mediaType()))) {
      case ImageManifest m -> {
        List<BlobSource> blobs = new ArrayList<>();
        for (Descriptor d : m.requiredContent()) {
          BlobSource have = pulled.get(d.digest());
          if (have == null) {
            Path file = dir.resolve(d.digest().algorithm().wireName() + "-" + d.digest().hex());
            pullBlob(repo, d.digest(), file, progress);
            have = new BlobSource(d.digest(), Files.size(file), () -> Files.newInputStream(file));
            pulled.put(d.digest(), have);
          }
          blobs.add(have);
        }
        yield new StreamedImage(manifest.mediaType(), manifest.bytes(), blobs, List.of());
      }
      case ImageIndex ix -> {
        List<StreamedImage> children = new ArrayList<>();
        for (Descriptor d : ix.manifests()) {
          children.add(pullTree(repo, pullManifest(repo, d.digest()), dir, progress, pulled, depth + 1));
        }
        yield new StreamedImage(manifest.mediaType(), manifest.bytes(), List.of(), children);
      }
    };
  }

  /** A request timeout for sending or receiving {@code size} bytes: the base timeout plus a second per MiB. */
  private Duration transferTimeout(long size) {
    return timeout.plusSeconds(size >> 20);
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
    return exchange(repo, actions, rb, HttpResponse.BodyHandlers.ofByteArray());
  }

  private <T> HttpResponse<T> exchange(Repository repo, String actions, HttpRequest.Builder rb,
      HttpResponse.BodyHandler<T> handler) {
    String auth = authorization.get(repo.name() + ":" + actions);
    HttpResponse<T> r = send(withAuth(rb, auth), handler);
    if (r.statusCode() == 401) {
      if (r.body() instanceof InputStream unread) {
        try {
          unread.close();
        } catch (IOException e) {
          // the retry uses a new exchange
        }
      }
      String fresh = authorize(repo, actions, r.headers().firstValue("WWW-Authenticate").orElse(""));
      if (fresh != null) {
        authorization.put(repo.name() + ":" + actions, fresh);
        r = send(withAuth(rb, fresh), handler);
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
    return send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    if (request.timeout().isEmpty()) {
      request = HttpRequest.newBuilder(request, (k, v) -> true).timeout(timeout).build();
    }
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new RegistryException(0, request.method() + " " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(0, "interrupted: " + request.method() + " " + request.uri(), e);
    }
  }

  /** The error of an unexpected status, with the first distribution error code and message when sent. */
  private static RegistryException failure(String what, HttpResponse<byte[]> r) {
    return failure(what, r.statusCode(), r.body());
  }

  private static RegistryException failure(String what, int status, byte[] body) {
    String detail = "";
    try {
      if (body != null && body.length > 0
          && JsonReader.forMetadata().parse(body) instanceof Json.Obj o
          && o.get("errors") instanceof Json.Arr a && !a.items().isEmpty()
          && a.items().getFirst() instanceof Json.Obj e) {
        detail = ": " + (e.get("code") instanceof Json.Str c ? c.value() : "")
            + (e.get("message") instanceof Json.Str msg ? " " + msg.value() : "");
      }
    } catch (RuntimeException e) {
      // not a distribution error body
    }
    return new RegistryException(status, what + " failed: HTTP " + status + detail);
  }

  @Override
  public void close() {
    http.shutdownNow();
  }
}
