package dev.hallmark.policy.admission;

import dev.hallmark.policy.ImagePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes admission webhook of the image policy, a Jetty handler for two routes:
 *
 * <pre>
 * POST /policy/v1/admit    validating webhook: allowed when every image of the object is allowed
 * POST /policy/v1/mutate   mutating webhook: the same verdict, plus a JSONPatch pinning tags to signed digests
 * </pre>
 *
 * <p>Both take an AdmissionReview ({@code admission.k8s.io/v1} or {@code v1beta1}) as
 * {@code application/json} and answer 200 with an AdmissionReview in the same apiVersion. A body that
 * is not JSON, not an AdmissionReview request, or larger than the limit is answered 400 with
 * {@code {"errors":[{"code","message"}]}}; other methods 405, other content types 415. Kubernetes
 * counts those as failed calls and applies the webhook's {@code failurePolicy}. Other paths are not
 * handled ({@code handle} returns false), so the handler can sit in a {@code Handler.Sequence}.
 *
 * {@snippet :
 * var webhook = new AdmissionWebhook(imagePolicy, Executors.newVirtualThreadPerTaskExecutor());
 * server.setHandler(new Handler.Sequence(webhook, otherRoutes));
 * }
 */
public final class AdmissionWebhook extends Handler.Abstract {
  /** The path of the validating webhook. */
  public static final String ADMIT_PATH = "/policy/v1/admit";
  /** The path of the mutating webhook. */
  public static final String MUTATE_PATH = "/policy/v1/mutate";
  /**
   * The default body limit, 3 MiB: the apiserver's own limit on a request body. etcd stores objects
   * of at most 1.5 MiB by default, so an UPDATE's {@code object} and {@code oldObject} fit together.
   */
  public static final int DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

  private static final Logger ACCESS = LoggerFactory.getLogger("hallmark.access");
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhook.class);
  private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
  private static final HttpField ALLOW_POST = new PreEncodedHttpField(HttpHeader.ALLOW, "POST");
  private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");

  private final Admission admission;
  /** Made on first use: Jackson databind is ~300 classes a server that never sees a review need not load. */
  private volatile ReviewCodec codec;
  private final Executor blocking;
  private final int maxBodyBytes;
  private final AtomicLong requestIds = new AtomicLong();

  /**
   * The webhook with the default body limit. Each request runs on a thread of {@code blocking}
   * (virtual threads: {@link ImagePolicy#check} may read trust data over the network).
   */
  public AdmissionWebhook(ImagePolicy policy, Executor blocking) {
    this(policy, blocking, DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * The webhook with a body limit of {@code maxBodyBytes}.
   *
   * @throws IllegalArgumentException when {@code maxBodyBytes} is not positive
   */
  public AdmissionWebhook(ImagePolicy policy, Executor blocking, int maxBodyBytes) {
    super(InvocationType.NON_BLOCKING);
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    this.admission = new Admission(policy);
    this.blocking = Objects.requireNonNull(blocking);
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Whether a (decoded) request path is one of the webhook's. */
  public static boolean claims(String path) {
    return ADMIT_PATH.equals(path) || MUTATE_PATH.equals(path);
  }

  /** One request's state for the access log. */
  private static final class Exchange {
    final long start = System.nanoTime();
    final String method;
    final String path;
    int status = 200;
    String error = "-";
    AdmissionReview review;
    Verdict verdict;
    int pins;

    Exchange(String method, String path) {
      this.method = method;
      this.path = path;
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getDecodedPath();
    if (!claims(path)) {
      return false;
    }
    var ex = new Exchange(request.getMethod(), path);
    try {
      blocking.execute(() -> serve(request, response, callback, ex));
    } catch (RuntimeException e) {
      callback.failed(e);
    }
    return true;
  }

  private void serve(Request request, Response response, Callback callback, Exchange ex) {
    byte[] body;
    try {
      body = answer(request, ex);
    } catch (AdmissionException e) {
      body = refuse(response, ex, e.code(), e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.error("admission request failed: path={} uid={}", ex.path, ex.review == null ? "-" : ex.review.uid(), e);
      body = refuse(response, ex, ErrorCode.INTERNAL_ERROR, "internal error");
    }
    response.setStatus(ex.status);
    response.getHeaders().put(JSON);
    response.getHeaders().put(NO_STORE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    log(ex, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private byte[] answer(Request request, Exchange ex) throws IOException {
    if (!ex.method.equals("POST")) {
      throw new AdmissionException(ErrorCode.METHOD_NOT_ALLOWED, ex.method + " is not allowed, use POST");
    }
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (!ReviewCodec.isJson(contentType)) {
      throw new AdmissionException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "content type " + (contentType == null ? "(none)" : "\"" + contentType + "\"") + " is not application/json");
    }
    AdmissionReview review = codec().decode(readLimited(request));
    ex.review = review;
    Verdict verdict = admission.decide(review);
    ex.verdict = verdict;
    List<DigestPin> pins = ex.path.equals(MUTATE_PATH) ? DigestPin.of(review, verdict) : List.of();
    ex.pins = pins.size();
    return codec().encode(review, verdict, pins);
  }

  private ReviewCodec codec() {
    ReviewCodec c = codec;
    if (c == null) {
      synchronized (this) {
        c = codec;
        if (c == null) {
          c = new ReviewCodec();
          codec = c;
        }
      }
    }
    return c;
  }

  private byte[] readLimited(Request request) throws IOException {
    long declared = request.getLength();
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declared > maxBodyBytes) {
        drain(in);
        throw tooLarge(declared);
      }
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        drain(in);
        throw tooLarge(-1);
      }
      return body;
    }
  }

  /**
   * Reads and drops what is left of a body that is too large, up to a bound, so a client still sending
   * it receives the refusal instead of a reset connection; beyond the bound the connection is closed.
   */
  private void drain(InputStream in) {
    long left = Math.min(4L * maxBodyBytes, 16L << 20);
    byte[] buf = new byte[64 * 1024];
    try {
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the client gave up: nothing to answer
    }
  }

  private AdmissionException tooLarge(long declared) {
    return new AdmissionException(ErrorCode.BODY_TOO_LARGE, "request body of "
        + (declared >= 0 ? declared + " bytes" : "more than " + maxBodyBytes + " bytes")
        + " exceeds the limit of " + maxBodyBytes + " bytes");
  }

  private byte[] refuse(Response response, Exchange ex, ErrorCode code, String message) {
    ex.status = code.httpStatus();
    ex.error = code.name();
    if (code == ErrorCode.METHOD_NOT_ALLOWED) {
      response.getHeaders().put(ALLOW_POST);
    }
    return codec().error(code, message);
  }

  private void log(Exchange ex, int bytes) {
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    AdmissionReview r = ex.review;
    Verdict v = ex.verdict;
    ACCESS.info("rid={} method={} route={} uid={} kind={} resource={} op={} dry_run={} images={} allowed={} pins={} "
            + "status={} code={} bytes={} dur_ms={}",
        Long.toHexString(requestIds.incrementAndGet()), ex.method, ex.path,
        r == null ? "-" : r.uid(), r == null ? "-" : r.kind().kind(), r == null ? "-" : r.resourcePath(),
        r == null ? "-" : r.operation(), r != null && r.dryRun(), v == null ? "-" : v.decisions().size(),
        v == null ? "-" : v.allowed(), ex.pins, ex.status, ex.error, bytes,
        String.format("%.3f", (System.nanoTime() - ex.start) / 1e6));
  }
}
