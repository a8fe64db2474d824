package dev.hallmark.registry.http;

import dev.hallmark.oci.Descriptor;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.ManifestReference;
import dev.hallmark.oci.Manifests;
import dev.hallmark.oci.MediaType;
import dev.hallmark.oci.OciFormatException;
import dev.hallmark.oci.Repository;
import dev.hallmark.oci.Tag;
import dev.hallmark.registry.ErrorCode;
import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.access.Action;
import dev.hallmark.registry.access.Credentials;
import dev.hallmark.registry.access.Decision;
import dev.hallmark.registry.access.Scope;
import dev.hallmark.registry.access.PullGate;
import dev.hallmark.registry.access.ScopeCheck;
import dev.hallmark.registry.blob.BlobStore;
import dev.hallmark.registry.blob.BlobUploads;
import dev.hallmark.registry.blob.BodySource;
import dev.hallmark.registry.blob.Upload;
import dev.hallmark.registry.content.ManifestPush;
import dev.hallmark.registry.content.Referrers;
import dev.hallmark.registry.content.Repositories;
import dev.hallmark.registry.store.RegistryStore;
import dev.hallmark.registry.store.StoredManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table of the OCI distribution API (spec 1.1; Docker Registry HTTP API v2), one line per
 * route with its method, path, required scope and handler.
 *
 * <pre>
 * GET|HEAD /v2/                                   ping            (base)
 * GET      /v2/_catalog                           catalog         registry:catalog:*
 * GET      /v2/{name}/tags/list                   tags            pull
 * GET|HEAD /v2/{name}/manifests/{reference}       getManifest     pull
 * PUT      /v2/{name}/manifests/{reference}       putManifest     push
 * DELETE   /v2/{name}/manifests/{reference}       deleteManifest  delete
 * GET      /v2/{name}/referrers/{digest}          referrers       pull
 * POST     /v2/{name}/blobs/uploads/              startUpload     push (+ pull on ?from= to mount)
 * GET      /v2/{name}/blobs/uploads/{uuid}        uploadStatus    push
 * PATCH    /v2/{name}/blobs/uploads/{uuid}        uploadChunk     push
 * PUT      /v2/{name}/blobs/uploads/{uuid}        finishUpload    push
 * DELETE   /v2/{name}/blobs/uploads/{uuid}        cancelUpload    push
 * GET|HEAD /v2/{name}/blobs/{digest}              getBlob         pull
 * DELETE   /v2/{name}/blobs/{digest}              deleteBlob      delete
 * </pre>
 *
 * Paths it does not claim ({@link #claims}) are left to the next handler: {@link #handle} returns false.
 */
public final class RegistryRoutes extends Handler.Abstract {
  private static final Logger ACCESS = LoggerFactory.getLogger("hallmark.access");
  private static final Logger LOG = LoggerFactory.getLogger(RegistryRoutes.class);
  private static final HttpField API_VERSION = new PreEncodedHttpField("Docker-Distribution-Api-Version", "registry/2.0");
  private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
  private static final HttpField JSON_UTF8 = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
  private static final HttpField OCTETS = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/octet-stream");
  private static final HttpField ACCEPT_RANGES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");
  private static final HttpField IMMUTABLE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "max-age=31536000");
  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  /** Blobs up to this size are read in one piece; larger ones stream in pieces of this size. */
  private static final int STREAM_PIECE = 1 << 20;
  private static final int MAX_PAGE = 10_000;

  /** What a route needs from the scope check. */
  private enum Need { BASE, CATALOG, PULL, PUSH, DELETE }

  @FunctionalInterface
  private interface Endpoint {
    void serve(RegistryRoutes routes, Exchange x) throws IOException;
  }

  private record Route(String op, Set<String> methods, Pattern path, Need need, Endpoint endpoint) {
    Route(String op, String methods, String path, Need need, Endpoint endpoint) {
      this(op, Set.of(methods.split("\\|")), Pattern.compile(path), need, endpoint);
    }
  }

  private static final String NAME = "/v2/(.+)";
  /** The route table; the first line whose path matches wins, so uploads precede blobs. */
  private static final List<Route> ROUTES = List.of(
      new Route("ping", "GET|HEAD", "/v2/", Need.BASE, RegistryRoutes::ping),
      new Route("catalog", "GET", "/v2/_catalog", Need.CATALOG, RegistryRoutes::catalog),
      new Route("tags", "GET", NAME + "/tags/list", Need.PULL, RegistryRoutes::tags),
      new Route("getManifest", "GET|HEAD", NAME + "/manifests/([^/]+)", Need.PULL, RegistryRoutes::getManifest),
      new Route("putManifest", "PUT", NAME + "/manifests/([^/]+)", Need.PUSH, RegistryRoutes::putManifest),
      new Route("deleteManifest", "DELETE", NAME + "/manifests/([^/]+)", Need.DELETE, RegistryRoutes::deleteManifest),
      new Route("referrers", "GET", NAME + "/referrers/([^/]+)", Need.PULL, RegistryRoutes::referrers),
      new Route("startUpload", "POST", NAME + "/blobs/uploads/?", Need.PUSH, RegistryRoutes::startUpload),
      new Route("uploadStatus", "GET", NAME + "/blobs/uploads/([^/]+)", Need.PUSH, RegistryRoutes::uploadStatus),
      new Route("uploadChunk", "PATCH", NAME + "/blobs/uploads/([^/]+)", Need.PUSH, RegistryRoutes::uploadChunk),
      new Route("finishUpload", "PUT", NAME + "/blobs/uploads/([^/]+)", Need.PUSH, RegistryRoutes::finishUpload),
      new Route("cancelUpload", "DELETE", NAME + "/blobs/uploads/([^/]+)", Need.PUSH, RegistryRoutes::cancelUpload),
      new Route("getBlob", "GET|HEAD", NAME + "/blobs/([^/]+)", Need.PULL, RegistryRoutes::getBlob),
      new Route("deleteBlob", "DELETE", NAME + "/blobs/([^/]+)", Need.DELETE, RegistryRoutes::deleteBlob));

  private final RegistryConfig config;
  private final Repositories repositories;
  private final RegistryStore store;
  private final BlobStore blobs;
  private final BlobUploads uploads;
  private final ManifestPush manifests;
  private final Referrers referrers;
  private final ScopeCheck access;
  private final PullGate gate;
  private final Executor blocking;
  private final AtomicLong requestIds = new AtomicLong();

  /** The routes; every request runs on a thread of {@code blocking} (virtual threads). */
  public RegistryRoutes(RegistryConfig config, Repositories repositories, RegistryStore store, BlobStore blobs,
      BlobUploads uploads, ManifestPush manifests, Referrers referrers, ScopeCheck access, Executor blocking) {
    this(config, repositories, store, blobs, uploads, manifests, referrers, access, PullGate.OPEN, blocking);
  }

  /** The routes, with pull-time enforcement by {@code gate}. */
  public RegistryRoutes(RegistryConfig config, Repositories repositories, RegistryStore store, BlobStore blobs,
      BlobUploads uploads, ManifestPush manifests, Referrers referrers, ScopeCheck access, PullGate gate,
      Executor blocking) {
    super(InvocationType.NON_BLOCKING);
    this.gate = gate;
    this.config = config;
    this.repositories = repositories;
    this.store = store;
    this.blobs = blobs;
    this.uploads = uploads;
    this.manifests = manifests;
    this.referrers = referrers;
    this.access = access;
    this.blocking = blocking;
  }

  /**
   * Whether a (decoded) request path belongs to the registry: {@code /v2/}, {@code /v2/_catalog}
   * and the repository routes, never a trust path ({@code /_trust/} cannot be in a repository name).
   */
  public static boolean claims(String path) {
    if (!path.startsWith("/v2/") || path.contains("/_trust/") || path.startsWith("/v2/_trust")) {
      return false;
    }
    for (Route r : ROUTES) {
      if (r.path.matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }

  /** One request in flight. */
  static final class Exchange {
    final long start = System.nanoTime();
    final Request request;
    final Response response;
    final Callback callback;
    final String method;
    final String path;
    Route route;
    Matcher match;
    Repository repository;
    int status = 200;
    String error = "-";
    long bytes;

    Exchange(Request request, Response response, Callback callback, String path) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.method = request.getMethod();
      this.path = path;
    }

    HttpFields.Mutable headers() {
      return response.getHeaders();
    }

    String header(HttpHeader h) {
      return request.getHeaders().get(h);
    }

    String query(String name) {
      Fields q = Request.extractQueryParameters(request);
      return q.getValue(name);
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getDecodedPath();
    if (path == null || !claims(path)) {
      return false;
    }
    var x = new Exchange(request, response, callback, path);
    try {
      blocking.execute(() -> serve(x));
    } catch (RuntimeException e) {
      callback.failed(e);
    }
    return true;
  }

  private void serve(Exchange x) {
    x.headers().put(API_VERSION);
    try {
      Route matched = null;
      boolean pathKnown = false;
      for (Route r : ROUTES) {
        Matcher m = r.path.matcher(x.path);
        if (m.matches()) {
          pathKnown = true;
          if (r.methods.contains(x.method)) {
            matched = r;
            x.match = m;
            break;
          }
        }
      }
      if (matched == null) {
        throw RegistryException.of(pathKnown ? ErrorCode.UNSUPPORTED : ErrorCode.NAME_INVALID,
            pathKnown ? "The operation is unsupported." : ErrorCode.NAME_INVALID.message(), x.method + " " + x.path);
      }
      x.route = matched;
      if (matched.path.pattern().startsWith(NAME)) {
        String name = x.match.group(1);
        String problem = Repository.problem(name);
        if (problem != null) {
          throw RegistryException.of(ErrorCode.NAME_INVALID, ErrorCode.NAME_INVALID.message(), problem);
        }
        x.repository = new Repository(name);
      }
      authorize(x, switch (matched.need) {
        case BASE -> Scope.base();
        case CATALOG -> Scope.catalog();
        case PULL -> Scope.repository(x.repository, Action.PULL);
        case PUSH -> Scope.repository(x.repository, Action.PUSH);
        case DELETE -> Scope.repository(x.repository, Action.DELETE);
      });
      matched.endpoint.serve(this, x);
    } catch (RegistryException e) {
      if (e.code() == ErrorCode.UNKNOWN) {
        LOG.error("request failed: {} {}", x.method, x.path, e);
      }
      fail(x, e);
    } catch (UncheckedIOException e) {
      fail(x, unexpected(x, e.getCause()));
    } catch (IOException | RuntimeException e) {
      fail(x, unexpected(x, e));
    }
  }

  private static RegistryException unexpected(Exchange x, Throwable e) {
    if (x.response.isCommitted()) {
      return RegistryException.failure("broken exchange", e);
    }
    LOG.error("request failed: {} {}", x.method, x.path, e);
    return RegistryException.failure(ErrorCode.UNKNOWN.message(), e);
  }

  private void fail(Exchange x, RegistryException e) {
    if (x.response.isCommitted()) {
      // a streamed body broke half way (client gone): nothing can be said any more
      x.status = 599;
      log(x);
      x.callback.failed(e.getCause() != null ? e.getCause() : e);
      return;
    }
    x.error = e.code().wireCode();
    x.headers().put(JSON_UTF8);
    send(x, e.code().httpStatus(), RegistryJson.error(e.code(), e.getMessage(), e.detail().orElse(null)));
  }

  private void authorize(Exchange x, Scope scope) {
    Decision d = access.check(credentials(x.request), scope);
    switch (d) {
      case Decision.Allowed a -> { }
      case Decision.Denied denied -> {
        if (denied.authenticate()) {
          if (!denied.challenge().isEmpty()) {
            x.headers().put(HttpHeader.WWW_AUTHENTICATE, denied.challenge());
          }
          throw RegistryException.withMessage(ErrorCode.UNAUTHORIZED, denied.message().isEmpty()
              ? ErrorCode.UNAUTHORIZED.message() : denied.message());
        }
        throw RegistryException.withMessage(ErrorCode.DENIED, denied.message().isEmpty()
            ? ErrorCode.DENIED.message() : denied.message());
      }
    }
  }

  private static Credentials credentials(Request request) {
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    List<java.security.cert.X509Certificate> certs = List.of();
    if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl
        && ssl.peerCertificates() != null) {
      certs = List.of(ssl.peerCertificates());
    }
    return new Credentials(authorization == null ? "" : authorization, certs);
  }

  // ---- responses ---------------------------------------------------------------------------

  private void send(Exchange x, int status, byte[] body) {
    x.status = status;
    x.response.setStatus(status);
    int length = body == null ? 0 : body.length;
    x.headers().put(HttpHeader.CONTENT_LENGTH, length);
    x.bytes = length;
    log(x);
    boolean head = x.method.equals("HEAD");
    x.response.write(true, body == null || head ? null : ByteBuffer.wrap(body), x.callback);
  }

  private void log(Exchange x) {
    if (ACCESS.isInfoEnabled()) {
      ACCESS.info("rid={} method={} op={} repo={} status={} code={} bytes={} dur_ms={}",
          Long.toHexString(requestIds.incrementAndGet()), x.method, x.route == null ? "-" : x.route.op,
          x.repository == null ? "-" : x.repository.name(), x.status, x.error, x.bytes,
          String.format("%.3f", (System.nanoTime() - x.start) / 1e6));
    }
  }

  private static String location(Repository repository, String kind, String last) {
    return "/v2/" + repository.name() + "/" + kind + "/" + last;
  }

  // ---- ping and listings -------------------------------------------------------------------

  private void ping(Exchange x) {
    x.headers().put(JSON);
    send(x, 200, EMPTY_OBJECT);
  }

  private void catalog(Exchange x) throws IOException {
    int n = pageSize(x);
    String last = Optional.ofNullable(x.query("last")).orElse("");
    List<Repository> page = n == 0 ? List.of() : repositories.list(last, n + 1);
    if (page.size() > n) {
      page = page.subList(0, n);
      x.headers().put(HttpHeader.LINK, "</v2/_catalog?n=" + n + "&last=" + url(page.getLast().name()) + ">; rel=\"next\"");
    }
    x.headers().put(JSON);
    send(x, 200, RegistryJson.catalog(page));
  }

  private void tags(Exchange x) throws IOException {
    repositories.requireExisting(x.repository);
    int n = pageSize(x);
    String last = Optional.ofNullable(x.query("last")).orElse("");
    List<Tag> page = n == 0 ? List.of() : store.tags(x.repository, last, n + 1);
    if (page.size() > n) {
      page = page.subList(0, n);
      x.headers().put(HttpHeader.LINK, "</v2/" + x.repository.name() + "/tags/list?n=" + n + "&last="
          + url(page.getLast().value()) + ">; rel=\"next\"");
    }
    x.headers().put(JSON);
    send(x, 200, RegistryJson.tags(x.repository, page));
  }

  private static int pageSize(Exchange x) {
    String n = x.query("n");
    if (n == null || n.isEmpty()) {
      return MAX_PAGE;
    }
    try {
      int v = Integer.parseInt(n);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return Math.min(v, MAX_PAGE);
    } catch (NumberFormatException e) {
      throw RegistryException.of(ErrorCode.PAGINATION_NUMBER_INVALID, ErrorCode.PAGINATION_NUMBER_INVALID.message(), n);
    }
  }

  private static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- manifests ---------------------------------------------------------------------------

  private static ManifestReference reference(Exchange x) {
    String text = x.match.group(2);
    try {
      return ManifestReference.parse(text);
    } catch (OciFormatException e) {
      ErrorCode code = text.indexOf(':') >= 0 ? ErrorCode.DIGEST_INVALID : ErrorCode.MANIFEST_INVALID;
      throw RegistryException.of(code, code == ErrorCode.DIGEST_INVALID ? "invalid digest" : "invalid tag", e.getMessage());
    }
  }

  private static Digest digest(String text) {
    try {
      return Digest.parse(text);
    } catch (OciFormatException e) {
      throw RegistryException.of(ErrorCode.DIGEST_INVALID, "invalid digest", e.getMessage());
    }
  }

  private void getManifest(Exchange x) throws IOException {
    ManifestReference ref = reference(x);
    repositories.requireExisting(x.repository);
    StoredManifest m = manifests.resolve(x.repository, ref);
    String host = x.request.getHeaders().get(HttpHeader.HOST);
    Optional<String> denied = gate.denial(host == null ? "" : host, x.repository.name(), ref, m.digest());
    if (denied.isPresent()) {
      throw RegistryException.of(ErrorCode.DENIED, denied.get(), "refused by the registry's signing policy");
    }
    if (!accepts(x.header(HttpHeader.ACCEPT), x.request.getHeaders().getValuesList(HttpHeader.ACCEPT), m.mediaType())) {
      throw RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown",
          "the manifest is " + m.mediaType() + ", which the Accept header does not include");
    }
    x.headers().put(HttpHeader.CONTENT_TYPE, m.mediaType().value());
    x.headers().put("Docker-Content-Digest", m.digest().toString());
    x.headers().put(HttpHeader.ETAG, "\"" + m.digest() + "\"");
    x.status = 200;
    x.response.setStatus(200);
    x.headers().put(HttpHeader.CONTENT_LENGTH, m.size());
    x.bytes = m.size();
    log(x);
    x.response.write(true, x.method.equals("HEAD") ? null : m.content(), x.callback);
  }

  /** Content negotiation: no Accept, a wildcard, or the manifest's own type (distribution does not convert). */
  private static boolean accepts(String first, List<String> values, MediaType type) {
    if (first == null) {
      return true;
    }
    for (String header : values) {
      for (String element : header.split(",")) {
        String t = element.strip();
        int semi = t.indexOf(';');
        t = (semi >= 0 ? t.substring(0, semi) : t).strip().toLowerCase(java.util.Locale.ROOT);
        if (t.isEmpty() || t.equals("*/*") || t.equals("application/*") || t.equals(type.value())
            || t.equals("application/json")) {
          return true;
        }
      }
    }
    return false;
  }

  private void putManifest(Exchange x) throws IOException {
    ManifestReference ref = reference(x);
    long announced = x.request.getLength();
    if (announced > config.maxManifestBytes()) {
      throw RegistryException.of(ErrorCode.MANIFEST_TOO_LARGE, "manifest too large",
          "the limit is " + config.maxManifestBytes() + " bytes");
    }
    byte[] content = readLimited(x.request, config.maxManifestBytes());
    String contentType = x.header(HttpHeader.CONTENT_TYPE);
    Optional<MediaType> type;
    try {
      type = contentType == null || contentType.isBlank() ? Optional.empty() : Optional.of(MediaType.parse(contentType));
    } catch (OciFormatException e) {
      throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "manifest invalid", e.getMessage());
    }
    ManifestPush.Pushed pushed = manifests.push(x.repository, ref, content, type);
    x.headers().put(HttpHeader.LOCATION, location(x.repository, "manifests", pushed.digest().toString()));
    x.headers().put("Docker-Content-Digest", pushed.digest().toString());
    pushed.subject().ifPresent(s -> x.headers().put("OCI-Subject", s.toString()));
    send(x, 201, null);
  }

  private void deleteManifest(Exchange x) throws IOException {
    requireDeletes();
    ManifestReference ref = reference(x);
    repositories.requireTagsRemovable(x.repository, ref);
    boolean deleted = switch (ref) {
      case Digest d -> store.deleteManifest(x.repository, d);
      case Tag t -> store.deleteTag(x.repository, t);
    };
    if (!deleted) {
      throw RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, ref.toString());
    }
    send(x, 202, null);
  }

  private void requireDeletes() {
    if (!config.deletesEnabled()) {
      throw RegistryException.of(ErrorCode.UNSUPPORTED, "The operation is unsupported.", "deletes are disabled");
    }
  }

  private void referrers(Exchange x) throws IOException {
    Digest subject = digest(x.match.group(2));
    repositories.requireExisting(x.repository);
    Optional<MediaType> filter;
    String artifactType = x.query("artifactType");
    try {
      filter = artifactType == null || artifactType.isEmpty() ? Optional.empty() : Optional.of(new MediaType(artifactType));
    } catch (OciFormatException e) {
      throw RegistryException.of(ErrorCode.UNSUPPORTED, "invalid artifactType", e.getMessage());
    }
    List<Descriptor> found = referrers.of(x.repository, subject, filter);
    if (filter.isPresent()) {
      x.headers().put("OCI-Filters-Applied", "artifactType");
    }
    x.headers().put(HttpHeader.CONTENT_TYPE, MediaType.OCI_INDEX.value());
    send(x, 200, Manifests.encodeIndex(found));
  }

  // ---- blobs -------------------------------------------------------------------------------

  private void getBlob(Exchange x) throws IOException {
    Digest d = digest(x.match.group(2));
    OptionalLong linked = store.linkedBlob(x.repository, d);
    if (linked.isEmpty()) {
      throw RegistryException.of(ErrorCode.BLOB_UNKNOWN, d.toString());
    }
    SeekableByteChannel channel;
    try {
      channel = blobs.open(d);
    } catch (NoSuchFileException e) {
      throw RegistryException.of(ErrorCode.BLOB_UNKNOWN, d.toString());
    }
    try (channel) {
      long size = channel.size();
      long offset = 0;
      long length = size;
      int status = 200;
      String range = x.header(HttpHeader.RANGE);
      if (range != null) {
        long[] r = range(range, size);
        if (r == null) {
          x.headers().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
          throw RegistryException.of(ErrorCode.RANGE_INVALID, "invalid range", range);
        }
        offset = r[0];
        length = r[1] - r[0] + 1;
        status = 206;
        x.headers().put(HttpHeader.CONTENT_RANGE, "bytes " + r[0] + "-" + r[1] + "/" + size);
      }
      x.headers().put(OCTETS);
      x.headers().put(ACCEPT_RANGES);
      x.headers().put(IMMUTABLE);
      x.headers().put("Docker-Content-Digest", d.toString());
      x.headers().put(HttpHeader.ETAG, "\"" + d + "\"");
      x.status = status;
      x.response.setStatus(status);
      x.headers().put(HttpHeader.CONTENT_LENGTH, length);
      x.bytes = length;
      if (x.method.equals("HEAD") || length == 0) {
        log(x);
        x.response.write(true, null, x.callback);
        return;
      }
      channel.position(offset);
      stream(x, channel, length);
    }
  }

  /** One {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} range as [first, last]; null when unsatisfiable. */
  static long[] range(String header, long size) {
    Matcher m = RANGE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) {
          return null;
        }
        return new long[] {Math.max(0, size - suffix), size - 1};
      }
      long first = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
      return first >= size || last < first ? null : new long[] {first, last};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Streams {@code length} bytes in large pieces, reading the next piece from the file while the
   * previous one is being written (we are on a virtual thread, so waiting is cheap). Heap buffers:
   * the JDK's AES-GCM is fastest on arrays.
   */
  private void stream(Exchange x, SeekableByteChannel channel, long length) throws IOException {
    if (length <= STREAM_PIECE) {
      ByteBuffer all = ByteBuffer.allocate((int) length);
      readFully(channel, all);
      log(x);
      x.response.write(true, all.flip(), x.callback);
      return;
    }
    ByteBuffer current = ByteBuffer.allocate(STREAM_PIECE);
    ByteBuffer next = ByteBuffer.allocate(STREAM_PIECE);
    long left = length;
    left -= fill(channel, current, left);
    while (true) {
      boolean last = left == 0;
      try (Blocker.Callback written = Blocker.callback()) {
        x.response.write(last, current, written);
        if (!last) {
          left -= fill(channel, next, left); // overlaps the write in flight
        }
        written.block();
      }
      if (last) {
        break;
      }
      ByteBuffer t = current;
      current = next;
      next = t;
    }
    log(x);
    x.callback.succeeded();
  }

  /** Reads up to one piece into {@code buf}, flipped for writing; returns the bytes read. */
  private static int fill(SeekableByteChannel channel, ByteBuffer buf, long left) throws IOException {
    buf.clear();
    buf.limit((int) Math.min(buf.capacity(), left));
    readFully(channel, buf);
    buf.flip();
    return buf.remaining();
  }

  private static void readFully(SeekableByteChannel channel, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      if (channel.read(buf) < 0) {
        throw new IOException("blob shorter than its size");
      }
    }
  }

  private void deleteBlob(Exchange x) throws IOException {
    requireDeletes();
    Digest d = digest(x.match.group(2));
    if (!store.unlinkBlob(x.repository, d)) {
      throw RegistryException.of(ErrorCode.BLOB_UNKNOWN, d.toString());
    }
    send(x, 202, null);
  }

  // ---- uploads -----------------------------------------------------------------------------

  private void startUpload(Exchange x) throws IOException {
    String mount = x.query("mount");
    String from = x.query("from");
    if (mount != null && from != null && tryMount(x, digest(mount), from)) {
      return;
    }
    repositories.prepareForPush(x.repository);
    String digestText = x.query("digest");
    Upload upload = uploads.start(x.repository);
    if (digestText != null) {
      Digest d = digest(digestText);
      long size = uploads.finish(x.repository, upload.id(), d, x.request.getLength(), body(x.request));
      blobCreated(x, d, size);
      return;
    }
    Content.Source.consumeAll(x.request);
    uploadAccepted(x, upload, 202);
  }

  /** Cross-repository mount: links the blob when {@code from} holds it and the caller may pull there. */
  private boolean tryMount(Exchange x, Digest digest, String from) throws IOException {
    if (Repository.problem(from) != null) {
      return false;
    }
    Repository source = new Repository(from);
    if (!(access.check(credentials(x.request), Scope.repository(source, Action.PULL)) instanceof Decision.Allowed)) {
      return false; // as distribution: no mount, an ordinary upload starts instead
    }
    OptionalLong size = store.linkedBlob(source, digest);
    if (size.isEmpty() || blobs.size(digest).isEmpty()) {
      return false;
    }
    repositories.prepareForPush(x.repository);
    store.linkBlob(x.repository, digest, size.getAsLong());
    Content.Source.consumeAll(x.request);
    x.headers().put(HttpHeader.LOCATION, location(x.repository, "blobs", digest.toString()));
    x.headers().put("Docker-Content-Digest", digest.toString());
    send(x, 201, null);
    return true;
  }

  private void blobCreated(Exchange x, Digest d, long size) throws IOException {
    store.linkBlob(x.repository, d, size);
    x.headers().put(HttpHeader.LOCATION, location(x.repository, "blobs", d.toString()));
    x.headers().put("Docker-Content-Digest", d.toString());
    send(x, 201, null);
  }

  private void uploadAccepted(Exchange x, Upload u, int status) {
    x.headers().put(HttpHeader.LOCATION, location(x.repository, "blobs/uploads", u.id().toString()));
    x.headers().put(HttpHeader.RANGE, "0-" + Math.max(0, u.offset() - 1));
    x.headers().put("Docker-Upload-UUID", u.id().toString());
    send(x, status, null);
  }

  private static UUID uploadId(Exchange x) {
    try {
      return UUID.fromString(x.match.group(2));
    } catch (IllegalArgumentException e) {
      throw RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, x.match.group(2));
    }
  }

  private void uploadStatus(Exchange x) throws IOException {
    uploadAccepted(x, uploads.status(x.repository, uploadId(x)), 204);
  }

  private void uploadChunk(Exchange x) throws IOException {
    UUID id = uploadId(x);
    long length = x.request.getLength();
    OptionalLong start = OptionalLong.empty();
    String contentRange = x.header(HttpHeader.CONTENT_RANGE);
    if (contentRange != null) {
      Matcher m = CONTENT_RANGE.matcher(contentRange.strip());
      if (!m.matches()) {
        throw RegistryException.of(ErrorCode.RANGE_INVALID, "invalid content range", contentRange);
      }
      long first = Long.parseLong(m.group(1));
      long last = Long.parseLong(m.group(2));
      if (last < first || (length >= 0 && last - first + 1 != length)) {
        throw RegistryException.of(ErrorCode.RANGE_INVALID, "invalid content range", contentRange);
      }
      start = OptionalLong.of(first);
    }
    Upload u = uploads.append(x.repository, id, start, length, body(x.request));
    uploadAccepted(x, u, 202);
  }

  private void finishUpload(Exchange x) throws IOException {
    UUID id = uploadId(x);
    String digestText = x.query("digest");
    if (digestText == null) {
      throw RegistryException.of(ErrorCode.DIGEST_INVALID, "digest missing", "the digest query parameter is required");
    }
    Digest d = digest(digestText);
    long size = uploads.finish(x.repository, id, d, x.request.getLength(), body(x.request));
    blobCreated(x, d, size);
  }

  private void cancelUpload(Exchange x) throws IOException {
    uploads.cancel(x.repository, uploadId(x));
    send(x, 204, null);
  }

  // ---- request bodies ----------------------------------------------------------------------

  /** The request body as it arrives, piece by piece (blocking; we are on a virtual thread). */
  private static BodySource body(Request request) {
    return sink -> {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          try (Blocker.Runnable ready = Blocker.runnable()) {
            request.demand(ready);
            ready.block();
          }
          continue;
        }
        try {
          if (Content.Chunk.isFailure(chunk)) {
            throw new IOException("request body failed", chunk.getFailure());
          }
          if (chunk.hasRemaining()) {
            sink.accept(chunk.getByteBuffer());
          }
          if (chunk.isLast()) {
            return;
          }
        } finally {
          chunk.release();
        }
      }
    };
  }

  private static byte[] readLimited(Request request, int max) throws IOException {
    var out = new ByteArrayOutputStream(Math.max(64, (int) Math.min(max, Math.max(0, request.getLength()))));
    body(request).drainTo(piece -> {
      if (out.size() + piece.remaining() > max) {
        throw RegistryException.of(ErrorCode.MANIFEST_TOO_LARGE, "manifest too large", "the limit is " + max + " bytes");
      }
      byte[] b = new byte[piece.remaining()];
      piece.get(b);
      out.writeBytes(b);
    });
    return out.toByteArray();
  }
}
