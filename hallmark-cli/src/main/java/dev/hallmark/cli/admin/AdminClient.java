package dev.hallmark.cli.admin;

import dev.hallmark.tuf.json.GoJson;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonReader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** A small client of the admin API: JSON in, JSON out, Basic credentials. */
final class AdminClient {
  private final URI base;
  private final HttpClient http;
  private final String authorization;
  private final String user;

  AdminClient(URI base, Path caFile, String user, char[] password) throws IOException {
    this.base = base;
    this.user = user;
    var b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1);
    if (caFile != null) {
      b.sslContext(sslContext(caFile));
    }
    this.http = b.build();
    byte[] up = (user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8);
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(up);
    java.util.Arrays.fill(up, (byte) 0);
  }

  private static SSLContext sslContext(Path ca) throws IOException {
    return dev.hallmark.client.TlsTrust.context(ca);
  }

  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The user the client authenticates as. */
  String user() {
    return user;
  }

  /** The server's base URL. */
  URI base() {
    return base;
  }

  /** Sends a request; returns the JSON answer (null for an empty body). @throws AdminException for non-2xx */
  Json call(String method, String path, Json body) throws IOException, InterruptedException {
    byte[] answer = send(method, path, body, "application/json");
    return answer.length == 0 ? null : parse(answer);
  }

  /** Sends a request; returns the raw answer, e.g. a zip. @throws AdminException for non-2xx */
  byte[] download(String method, String path, Json body) throws IOException, InterruptedException {
    return send(method, path, body, "*/*");
  }

  private byte[] send(String method, String path, Json body, String accept) throws IOException, InterruptedException {
    var rb = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", authorization).header("Accept", accept);
    if (body != null) {
      rb.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(encode(body)));
    } else {
      rb.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() / 100 != 2) {
      Json answer = r.body().length == 0 ? null : parse(r.body());
      String message = "HTTP " + r.statusCode();
      if (answer instanceof Json.Obj o && o.get("errors") instanceof Json.Arr a && !a.items().isEmpty()
          && a.items().getFirst() instanceof Json.Obj e) {
        message = str(e, "code") + ": " + str(e, "message");
      }
      throw new AdminException(message);
    }
    return r.body();
  }

  private static Json parse(byte[] body) {
    try {
      return JsonReader.forMetadata().parse(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static String str(Json.Obj o, String name) {
    Json v = o.get(name);
    return switch (v) {
      case Json.Str s -> s.value();
      case Json.Num n -> Long.toString(n.value());
      case Json.Bool b -> Boolean.toString(b.value());
      case null, default -> "";
    };
  }

  static Json.Obj object(Map<String, Json> members) {
    return new Json.Obj(members);
  }

  private static byte[] encode(Json j) {
    return GoJson.encode(j);
  }


  /** The server refused a request; the message is its error code and text. */
  static final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AdminException(String message) {
      super(message);
    }
  }
}
