package dev.hallmark.server.http;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.server.TrustServerException;
import dev.hallmark.server.fetch.MetadataFetch;
import dev.hallmark.server.fetch.Served;
import dev.hallmark.server.keys.ServerKeys;
import dev.hallmark.server.publish.Publish;
import dev.hallmark.server.store.Change;
import dev.hallmark.server.store.MetadataStore;
import dev.hallmark.tuf.Expires;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.json.GoJson;
import dev.hallmark.tuf.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table of the trust API, one line per route as notary-server's {@code RootHandler}
 * (reference server/server.go), and the small handlers behind it.
 *
 * <pre>
 * GET    /v2/                                          ping
 * POST   /v2/{gun}/_trust/tuf/                         UpdateTUF
 * GET    /v2/{gun}/_trust/tuf/{role}.{sha256}.json     GetRoleByHash
 * GET    /v2/{gun}/_trust/tuf/{version}.{role}.json    GetRoleByVersion
 * GET    /v2/{gun}/_trust/tuf/{role}.json              GetRole
 * GET    /v2/{gun}/_trust/tuf/{snapshot|timestamp}.key GetKey
 * POST   /v2/{gun}/_trust/tuf/{snapshot|timestamp}.key RotateKey
 * DELETE /v2/{gun}/_trust/tuf/                         DeleteTUF
 * GET    /v2/{gun}/_trust/changefeed                   Changefeed
 * GET    /v2/_trust/changefeed                         Changefeed
 * GET    /_notary_server/health                        health
 * GET    /metrics                                      metrics
 * *      anything else                                 404 (405 for other methods, with a JSON body)
 * </pre>
 */
public final class TrustRoutes extends Handler.Abstract {
  private static final Logger ACCESS = LoggerFactory.getLogger("hallmark.access");
  private static final Logger LOG = LoggerFactory.getLogger(TrustRoutes.class);
  private static final String ROLE = "root|targets(?:/[^/\\s]+)*|snapshot|timestamp";
  private static final Pattern BY_HASH = Pattern.compile("(" + ROLE + ")\\.([a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})\\.json");
  private static final Pattern BY_VERSION = Pattern.compile("([1-9]*[0-9]+)\\.(" + ROLE + ")\\.json");
  private static final Pattern CURRENT = Pattern.compile("(" + ROLE + ")\\.json");
  private static final Pattern KEY = Pattern.compile("(snapshot|timestamp)\\.key");
  private static final List<String> CATCH_ALL_METHODS = List.of("GET", "POST", "PUT", "HEAD", "DELETE");
  private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
  private static final HttpField JSON_ERROR = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
  private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "max-age=0, no-cache, no-store");
  private static final HttpField PRAGMA = new PreEncodedHttpField(HttpHeader.PRAGMA, "no-cache");
  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

  private final TrustApiConfig config;
  private final Publish publish;
  private final MetadataFetch fetch;
  private final ServerKeys keys;
  private final MetadataStore store;
  private final Health health;
  private final Metrics metrics;
  private final HttpField currentCache;
  private final HttpField consistentCache;
  private final AtomicLong requestIds = new AtomicLong();

  private final Executor blocking;

  /**
   * The routes. Requests answerable from memory (ping, cached metadata) are served on the calling
   * I/O thread; everything else runs on a virtual thread of {@code blocking}.
   */
  public TrustRoutes(TrustApiConfig config, Publish publish, MetadataFetch fetch, ServerKeys keys,
      MetadataStore store, Health health, Metrics metrics, Executor blocking) {
    super(InvocationType.NON_BLOCKING);
    this.blocking = blocking;
    this.config = config;
    this.publish = publish;
    this.fetch = fetch;
    this.keys = keys;
    this.store = store;
    this.health = health;
    this.metrics = metrics;
    this.currentCache = cacheControl(config.currentMaxAge(), true);
    this.consistentCache = cacheControl(config.consistentMaxAge(), false);
  }

  private static HttpField cacheControl(int maxAge, boolean current) {
    if (maxAge == 0) {
      return NO_CACHE;
    }
    return new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "public, max-age=" + maxAge + ", s-maxage=" + maxAge
        + (current ? ", must-revalidate" : ""));
  }

  /** One request's state for the access log. */
  private static final class Exchange {
    final long start = System.nanoTime();
    final String method;
    final String path;
    Operation op = Operation.NotFound;
    String gun = "-";
    String role = "-";
    int status = 200;
    String error = "-";

    Exchange(String method, String path) {
      this.method = method;
      this.path = path;
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    var ex = new Exchange(request.getMethod(), decodedPath(request));
    byte[] fast = fastPath(response, ex);
    if (fast != null) {
      finish(request, response, callback, ex, fast);
      return true;
    }
    try {
      blocking.execute(() -> handleBlocking(request, response, callback, ex));
    } catch (RuntimeException e) {
      callback.failed(e);
    }
    return true;
  }

  /** Serves a GET from memory when it can; {@code null} when the request needs blocking work. */
  private byte[] fastPath(Response response, Exchange ex) {
    if (!ex.method.equals("GET") || !ex.path.startsWith("/v2/")) {
      return null;
    }
    if (ex.path.length() == 4) {
      ex.op = Operation.Ping;
      response.getHeaders().put(JSON);
      return EMPTY_OBJECT;
    }
    int t = ex.path.indexOf("/_trust/tuf/", 4);
    if (t <= 4 || ex.path.indexOf('%') >= 0) {
      return null;
    }
    String gunText = ex.path.substring(4, t);
    String name = ex.path.substring(t + "/_trust/tuf/".length());
    if (Gun.problem(gunText) != null || !config.gunPrefixes().isEmpty()) {
      return null;
    }
    Gun gun = new Gun(gunText);
    Matcher m;
    Optional<Served> served;
    boolean consistent = true;
    if ((m = BY_HASH.matcher(name)).matches() && RoleName.isValid(m.group(1)) && m.group(2).length() == 64) {
      ex.op = Operation.GetRoleByHash;
      ex.role = m.group(1);
      served = fetch.cachedByChecksum(gun, RoleName.of(ex.role), m.group(2).toLowerCase(java.util.Locale.ROOT));
    } else if ((m = BY_VERSION.matcher(name)).matches() && RoleName.isValid(m.group(2)) && parseVersion(m.group(1)) != null) {
      ex.op = Operation.GetRoleByVersion;
      ex.role = m.group(2);
      served = fetch.cachedByVersion(gun, RoleName.of(ex.role), parseVersion(m.group(1)));
    } else if ((m = CURRENT.matcher(name)).matches() && RoleName.isValid(m.group(1))) {
      ex.op = Operation.GetRole;
      ex.role = m.group(1);
      consistent = false;
      served = fetch.cachedCurrent(gun, RoleName.of(ex.role));
    } else {
      return null;
    }
    if (served.isEmpty()) {
      ex.op = Operation.NotFound;
      ex.role = "-";
      return null;
    }
    ex.gun = gunText;
    return metadata(response, served.get(), consistent);
  }

  private void handleBlocking(Request request, Response response, Callback callback, Exchange ex) {
    byte[] body;
    try {
      body = route(request, response, ex);
    } catch (TrustServerException e) {
      body = error(response, ex, e.code(), e.code().name(), e.code().message(), e.detail());
      if (e.code().httpStatus() >= 500) {
        LOG.error("request failed: op={} gun={} {}", ex.op, ex.gun, e.getMessage(), e.getCause());
      } else if (LOG.isDebugEnabled()) {
        LOG.debug("request refused: op={} gun={} {}", ex.op, ex.gun, e.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("request failed: op={} gun={}", ex.op, ex.gun, e);
      body = error(response, ex, ErrorCode.UNKNOWN, ErrorCode.UNKNOWN.name(), ErrorCode.UNKNOWN.message(), null);
    }
    finish(request, response, callback, ex, body);
  }

  private void finish(Request request, Response response, Callback callback, Exchange ex, byte[] body) {
    long requestBytes = Math.max(0, request.getLength());
    response.setStatus(ex.status);
    boolean head = ex.method.equals("HEAD");
    int length = body == null ? 0 : body.length;
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
    ByteBuffer buffer = body == null || head ? null : ByteBuffer.wrap(body);
    long nanos = System.nanoTime() - ex.start;
    metrics.record(ex.op, nanos, requestBytes, length);
    if (ACCESS.isInfoEnabled()) {
      ACCESS.info("rid={} method={} op={} gun={} role={} status={} code={} bytes={} dur_ms={}",
          Long.toHexString(requestIds.incrementAndGet()), ex.method, ex.op, ex.gun, ex.role, ex.status, ex.error,
          length, String.format("%.3f", nanos / 1e6));
    }
    response.write(true, buffer, callback);
  }

  private byte[] route(Request request, Response response, Exchange ex) throws IOException {
    String path = ex.path;
    String method = ex.method;
    if (path.equals("/v2/") && method.equals("GET")) {
      ex.op = Operation.Ping;
      response.getHeaders().put(JSON);
      return EMPTY_OBJECT;
    }
    if (path.equals("/_notary_server/health") && method.equals("GET")) {
      ex.op = Operation.Health;
      Json problems = health.problems();
      // as the reference's health handler (distribution health/health.go) labels it
      response.getHeaders().put(JSON_ERROR);
      if (problems instanceof Json.Obj o && !o.members().isEmpty()) {
        ex.status = 503;
      }
      return GoJson.encode(problems);
    }
    if (path.equals("/metrics") && method.equals("GET")) {
      ex.op = Operation.Metrics;
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      return metrics.scrape().getBytes(StandardCharsets.UTF_8);
    }
    if (path.equals("/v2/_trust/changefeed") && method.equals("GET")) {
      ex.op = Operation.Changefeed;
      return changefeed(request, response, Optional.empty());
    }
    if (path.startsWith("/v2/")) {
      int t = path.indexOf("/_trust/", 4);
      if (t > 4) {
        String gunText = path.substring(4, t);
        String rest = path.substring(t + "/_trust/".length());
        byte[] body = trustRoute(request, response, ex, method, gunText, rest);
        if (body != NOT_ROUTED) {
          return body;
        }
      }
    }
    return catchAll(response, ex);
  }

  private static final byte[] NOT_ROUTED = new byte[0];

  private byte[] trustRoute(Request request, Response response, Exchange ex, String method, String gunText, String rest)
      throws IOException {
    Matcher m;
    if (rest.equals("tuf/") && (method.equals("POST") || method.equals("DELETE"))) {
      ex.op = method.equals("POST") ? Operation.UpdateTUF : Operation.DeleteTUF;
      ex.gun = gunText;
      Gun gun = gun(gunText, method.equals("POST"));
      if (method.equals("POST")) {
        var upload = new Publish.Upload();
        UploadParser.parse(request, config.limits(), upload::add);
        publish.publish(gun, upload);
      } else {
        store.delete(gun);
        fetch.invalidate(gun);
      }
      return null;
    }
    if (rest.equals("changefeed") && method.equals("GET")) {
      ex.op = Operation.Changefeed;
      ex.gun = gunText;
      return changefeed(request, response, Optional.of(gun(gunText, false)));
    }
    if (!rest.startsWith("tuf/")) {
      return NOT_ROUTED;
    }
    String name = rest.substring(4);
    if ((m = KEY.matcher(name)).matches() && (method.equals("GET") || method.equals("POST"))) {
      ex.op = method.equals("GET") ? Operation.GetKey : Operation.RotateKey;
      ex.gun = gunText;
      ex.role = m.group(1);
      Gun gun = gun(gunText, false);
      RoleName role = RoleName.of(m.group(1));
      PublicKey key = method.equals("GET") ? keys.current(gun, role) : keys.rotate(gun, role);
      response.getHeaders().put(JSON);
      return keyJson(key);
    }
    if (!method.equals("GET")) {
      return NOT_ROUTED;
    }
    Optional<Served> served;
    boolean consistent = true;
    if ((m = BY_HASH.matcher(name)).matches()) {
      ex.op = Operation.GetRoleByHash;
      ex.role = m.group(1);
      ex.gun = gunText;
      String hex = m.group(2).toLowerCase(java.util.Locale.ROOT);
      Gun gun = gun(gunText, false);
      served = !RoleName.isValid(ex.role) || hex.length() != 64 ? Optional.empty()
          : fetch.byChecksum(gun, RoleName.of(ex.role), hex);
    } else if ((m = BY_VERSION.matcher(name)).matches()) {
      ex.op = Operation.GetRoleByVersion;
      ex.role = m.group(2);
      ex.gun = gunText;
      Gun gun = gun(gunText, false);
      Integer version = parseVersion(m.group(1));
      served = !RoleName.isValid(ex.role) || version == null ? Optional.empty()
          : fetch.byVersion(gun, RoleName.of(ex.role), version);
    } else if ((m = CURRENT.matcher(name)).matches()) {
      ex.op = Operation.GetRole;
      ex.role = m.group(1);
      ex.gun = gunText;
      Gun gun = gun(gunText, false);
      consistent = false;
      served = !RoleName.isValid(ex.role) ? Optional.empty() : fetch.current(gun, RoleName.of(ex.role));
    } else {
      return NOT_ROUTED;
    }
    if (served.isEmpty()) {
      throw TrustServerException.withEmptyDetail(ErrorCode.METADATA_NOT_FOUND);
    }
    return metadata(response, served.get(), consistent);
  }

  private byte[] metadata(Response response, Served served, boolean consistent) {
    response.getHeaders().put(JSON);
    HttpField cache = consistent ? consistentCache : currentCache;
    response.getHeaders().put(cache);
    if (cache == NO_CACHE) {
      response.getHeaders().put(PRAGMA);
    }
    response.getHeaders().put(HttpHeader.LAST_MODIFIED, served.httpDate());
    return served.data().unsafeArray();
  }

  private byte[] catchAll(Response response, Exchange ex) {
    ex.op = Operation.NotFound;
    if (!CATCH_ALL_METHODS.contains(ex.method)) {
      // the reference answers 405 with an empty body; every refused request here gets a JSON error
      return error(response, ex, ErrorCode.METHOD_NOT_ALLOWED, ErrorCode.METHOD_NOT_ALLOWED.name(),
          ErrorCode.METHOD_NOT_ALLOWED.message(), null);
    }
    return error(response, ex, ErrorCode.METADATA_NOT_FOUND, ErrorCode.METADATA_NOT_FOUND.name(),
        ErrorCode.METADATA_NOT_FOUND.message(), null);
  }

  /**
   * The GUN of a route. A name no GUN can have, or outside the configured prefixes, is refused:
   * on publish with {@code INVALID_GUN}, elsewhere as not found (nothing can be stored under it).
   */
  private Gun gun(String text, boolean publishing) {
    String problem = Gun.problem(text);
    if (problem != null) {
      if (publishing) {
        throw TrustServerException.of(ErrorCode.INVALID_GUN, "invalid GUN: " + problem);
      }
      throw TrustServerException.withEmptyDetail(ErrorCode.METADATA_NOT_FOUND);
    }
    if (!config.gunPrefixes().isEmpty() && config.gunPrefixes().stream().noneMatch(text::startsWith)) {
      if (publishing) {
        throw TrustServerException.of(ErrorCode.INVALID_GUN,
            "Require GUNs with prefix: [" + String.join(" ", config.gunPrefixes()) + "]");
      }
      throw TrustServerException.of(ErrorCode.METADATA_NOT_FOUND);
    }
    return new Gun(text);
  }

  private byte[] changefeed(Request request, Response response, Optional<Gun> gun) throws IOException {
    Fields q = Request.extractQueryParameters(request);
    String recordsText = q.getValue("records");
    long records;
    try {
      records = Integer.parseInt(recordsText == null ? "" : recordsText);
    } catch (NumberFormatException e) {
      // the reference's detail is Go's strconv error text (server/handlers/changefeed.go)
      String text = recordsText == null ? "" : recordsText;
      String why = text.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
      throw TrustServerException.of(ErrorCode.INVALID_PARAMETERS,
          "invalid records parameter: strconv.ParseInt: parsing \"" + text + "\": " + why);
    }
    if (records == 0) {
      records = 100;
    }
    records = Math.max(-1000, Math.min(1000, records));
    String changeId = q.getValue("change_id");
    long after = 0;
    if (changeId != null && !changeId.isEmpty()) {
      try {
        after = Integer.parseInt(changeId);
      } catch (NumberFormatException e) {
        // the reference's storage error has no exported fields, so its detail is {}
        throw TrustServerException.withEmptyDetail(ErrorCode.INVALID_PARAMETERS);
      }
    }
    List<Change> changes = store.changes(gun, after, (int) records);
    List<Json> items = new ArrayList<>();
    for (Change c : changes) {
      items.add(Json.object()
          .put("ID", Json.of(Long.toString(c.id())))
          .put("CreatedAt", Json.of(Expires.at(c.createdAt()).toString())) // Go RFC 3339 with nanoseconds
          .put("GUN", Json.of(c.gun().value()))
          .put("Version", Json.of(c.version()))
          .put("SHA256", Json.of(c.sha256()))
          .put("Category", Json.of(c.category().wireName()))
          .build());
    }
    response.getHeaders().put(JSON);
    return GoJson.encode(Json.object()
        .put("count", Json.of(items.size()))
        .put("records", new Json.Arr(items))
        .build());
  }

  private static byte[] keyJson(PublicKey key) {
    return GoJson.encode(Json.object()
        .put("keytype", Json.of(key.type().wireName()))
        .put("keyval", Json.object()
            .put("public", Json.of(key.publicBytes().base64()))
            .put("private", Json.Null.INSTANCE)
            .build())
        .build());
  }

  private static byte[] error(Response response, Exchange ex, ErrorCode status, String code, String message, Json detail) {
    ex.status = status.httpStatus();
    ex.error = code;
    response.getHeaders().put(JSON_ERROR);
    return ErrorBodies.of(code, message, detail);
  }

  private static Integer parseVersion(String s) {
    try {
      int v = Integer.parseInt(s);
      return v >= 1 ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The path routes match: percent-decoded, as notary's router matches (reference section 1, so
   * {@code %72oot.json} is {@code root.json}) and as the auth rules see it, but not normalized: a
   * {@code ..} or {@code .} segment stays in the GUN, which refuses it (no redirect, no resolving).
   * Jetty has already refused what decoding would make ambiguous ({@code %2F}, {@code %2e%2e},
   * {@code %25}) with a 400.
   */
  private static String decodedPath(Request request) {
    String raw = request.getHttpURI().getPath();
    if (raw == null || raw.indexOf('%') < 0) {
      return raw == null ? "/" : raw;
    }
    try {
      return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw; // undecodable: matches no GUN
    }
  }

}
