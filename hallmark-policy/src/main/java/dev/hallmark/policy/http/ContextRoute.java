package dev.hallmark.policy.http;

import dev.hallmark.policy.Directory;
import dev.hallmark.policy.PolicySource;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.json.GoJson;
import dev.hallmark.tuf.json.Json;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /policy/v1/context/<gun>[?key=ID...]}: the policy of the GUN's repository and who holds
 * the given keys ({@link PolicyContext}). Access is checked in front of it, as for reading the GUN's
 * trust data. The repository is the GUN without its host ({@code registry.example/dev/nginx} →
 * {@code dev/nginx}).
 */
public final class ContextRoute extends Handler.Abstract {
  /** The path prefix this route serves. */
  public static final String PREFIX = "/policy/v1/context/";
  private static final Logger LOG = LoggerFactory.getLogger(ContextRoute.class);

  private final PolicySource policies;
  private final Directory directory;
  private final Executor blocking;

  public ContextRoute(PolicySource policies, Directory directory, Executor blocking) {
    super(InvocationType.NON_BLOCKING);
    this.policies = policies;
    this.directory = directory;
    this.blocking = blocking;
  }

  /** The GUN a context path names, or null. */
  public static Gun gunOf(String decodedPath) {
    if (decodedPath == null || !decodedPath.startsWith(PREFIX)) {
      return null;
    }
    try {
      return new Gun(decodedPath.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    blocking.execute(() -> serve(request, response, callback));
    return true;
  }

  private void serve(Request request, Response response, Callback callback) {
    int status;
    byte[] body;
    try {
      Gun gun = gunOf(request.getHttpURI().getDecodedPath());
      if (!request.getMethod().equals("GET")) {
        status = 405;
        body = error("method not allowed: use GET");
        response.getHeaders().put(HttpHeader.ALLOW, "GET");
      } else if (gun == null) {
        status = 404;
        body = error("not a trust collection: " + request.getHttpURI().getPath());
      } else {
        List<String> values = new ArrayList<>();
        if (request.getHttpURI().getQuery() != null) {
          Fields fields = Request.extractQueryParameters(request);
          Fields.Field f = fields.get("key");
          if (f != null) {
            values.addAll(f.getValues());
          }
        }
        Set<KeyId> keys = PolicyContext.keys(values);
        String value = gun.value();
        int slash = value.indexOf('/');
        String repository = slash < 0 ? value : value.substring(slash + 1);
        status = 200;
        body = PolicyContext.answer(repository, policies.policyFor(repository),
            keys.isEmpty() ? java.util.Map.of() : directory.identifyAll(keys));
      }
    } catch (IllegalArgumentException e) {
      status = 400;
      body = error(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("policy context failed: {}", e.toString());
      status = 503;
      body = error("the policy context is unavailable: " + e.getMessage());
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static byte[] error(String message) {
    return GoJson.encode(Json.object().put("error", Json.of(message)).build());
  }
}
