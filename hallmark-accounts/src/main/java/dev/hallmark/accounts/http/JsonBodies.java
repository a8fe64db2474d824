package dev.hallmark.accounts.http;

import dev.hallmark.accounts.AccountException;
import dev.hallmark.auth.Access;
import dev.hallmark.tuf.json.GoJson;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonException;
import dev.hallmark.tuf.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** JSON bodies of the accounts endpoints: members in insertion order, Go's escaping, errors as distribution's. */
final class JsonBodies {
  static final int MAX_BODY = 64 * 1024;

  private JsonBodies() {}

  static byte[] encode(Json value) {
    return GoJson.encode(value);
  }


  /** {@code {"errors":[{"code","message","detail"}]}} and a newline, as distribution's errcode writes it. */
  static byte[] error(String code, String message, Json detail) {
    var e = Json.object().put("code", Json.of(code)).put("message", Json.of(message));
    if (detail != null) {
      e.put("detail", detail);
    }
    byte[] body = encode(Json.object().put("errors", new Json.Arr(List.of(e.build()))).build());
    byte[] withNewline = new byte[body.length + 1];
    System.arraycopy(body, 0, withNewline, 0, body.length);
    withNewline[body.length] = '\n';
    return withNewline;
  }

  /** The detail of an UNAUTHORIZED error: distribution's {@code auth.Access} list. */
  static Json accessDetail(List<Access> accesses) {
    return new Json.Arr(accesses.stream().map(a -> (Json) Json.object()
        .put("Type", Json.of(a.type()))
        .put("Class", Json.of(""))
        .put("Name", Json.of(a.name()))
        .put("Action", Json.of(a.action().wireName()))
        .build()).toList());
  }

  static void send(Response response, Callback callback, int status, byte[] body) {
    response.setStatus(status);
    if (body.length > 0) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, body.length == 0 ? null : ByteBuffer.wrap(body), callback);
  }

  /** Reads a request body of at most {@link #MAX_BODY} bytes (blocking). */
  static byte[] readBody(Request request) throws IOException {
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw new AccountException(AccountException.Code.INVALID_ARGUMENT, "request body too large");
      }
      return b;
    }
  }

  /** Reads a JSON object body; an empty body is an empty object. */
  static Json.Obj readObject(Request request) throws IOException {
    byte[] b = readBody(request);
    if (b.length == 0) {
      return Json.object().build();
    }
    try {
      if (JsonReader.forMetadata().parse(b) instanceof Json.Obj o) {
        return o;
      }
    } catch (JsonException | IllegalArgumentException e) {
      throw new AccountException(AccountException.Code.INVALID_JSON, "body is not valid JSON: " + e.getMessage());
    }
    throw new AccountException(AccountException.Code.INVALID_JSON, "body must be a JSON object");
  }
}
