package dev.hallmark.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process HTTPS trust server that serves crafted repositories and misbehaves on request:
 * statuses, endless bodies, lying Content-Length, bytes dripped slowly. Every loop is bounded.
 */
final class MaliciousServer implements AutoCloseable {
  /** How one file is answered. */
  sealed interface Response {
    record Ok(Bytes body) implements Response {}
    record Status(int code) implements Response {}
    /** A chunked body that never ends (bounded at 200 MiB so a broken client cannot hang the test). */
    record Endless() implements Response {}
    /** Declares a huge Content-Length, then sends a few bytes. */
    record HugeLength() implements Response {}
    /** Sends the body one byte per {@code delayMillis}. */
    record Drip(Bytes body, long delayMillis) implements Response {}
    /** Sends no status line for 10 seconds, far past a 1.5 s deadline (a server that accepts and then stalls). */
    record Stall() implements Response {}
    /** A 401 with the given {@code WWW-Authenticate} challenge. */
    record Challenge(String wwwAuthenticate) implements Response {}
    /** A 302 to {@code location}. */
    record Redirect(String location) implements Response {}
    /** A 200 with the given extra headers (e.g. Content-Encoding, Content-Type) and body. */
    record Raw(Map<String, String> headers, Bytes body) implements Response {}
  }

  private final HttpsServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Response> routes = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  MaliciousServer(TestPki.Tls tls) throws IOException {
    server = HttpsServer.create(new InetSocketAddress(TestPki.loopback(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Serves every file of the repository (replacing what was served for its GUN). */
  void serve(TestRepo repo) {
    String prefix = repo.gun.value() + "/";
    routes.keySet().removeIf(k -> k.startsWith(prefix));
    repo.served.forEach((name, bytes) -> routes.put(prefix + name, new Response.Ok(bytes)));
  }

  void override(Gun gun, String file, Response r) {
    routes.put(gun.value() + "/" + file, r);
  }

  List<String> requestedFiles() {
    return requests.stream().map(p -> p.substring(p.indexOf("/_trust/tuf/") + "/_trust/tuf/".length())).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      requests.add(path);
      int marker = path.indexOf("/_trust/tuf/");
      Response r = null;
      if (path.startsWith("/v2/") && marker > 0) {
        String gun = path.substring(4, marker);
        String file = path.substring(marker + "/_trust/tuf/".length());
        r = routes.get(gun + "/" + file);
      }
      if (r == null) {
        byte[] body = "{\"errors\":[{\"code\":\"METADATA_NOT_FOUND\",\"message\":\"You have requested metadata that does not exist.\",\"detail\":{}}]}\n".getBytes();
        ex.sendResponseHeaders(404, body.length);
        ex.getResponseBody().write(body);
        return;
      }
      switch (r) {
        case Response.Ok ok -> {
          ex.sendResponseHeaders(200, ok.body().length() == 0 ? -1 : ok.body().length());
          ex.getResponseBody().write(ok.body().unsafeArray());
        }
        case Response.Status s -> ex.sendResponseHeaders(s.code(), -1);
        case Response.Stall st -> Thread.sleep(10_000); // well past any client deadline, even on a loaded machine
        case Response.Challenge ch -> {
          ex.getResponseHeaders().set("WWW-Authenticate", ch.wwwAuthenticate());
          ex.sendResponseHeaders(401, -1);
        }
        case Response.Redirect r3 -> {
          ex.getResponseHeaders().set("Location", r3.location());
          ex.sendResponseHeaders(302, -1);
        }
        case Response.Raw raw -> {
          raw.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
          ex.sendResponseHeaders(200, raw.body().length());
          ex.getResponseBody().write(raw.body().unsafeArray());
        }
        case Response.Endless e -> {
          ex.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[64 * 1024];
          java.util.Arrays.fill(chunk, (byte) ' ');
          OutputStream out = ex.getResponseBody();
          for (int i = 0; i < 3200; i++) {
            out.write(chunk);
          }
        }
        case Response.HugeLength h -> {
          ex.sendResponseHeaders(200, 10L << 30);
          ex.getResponseBody().write("{\"signed\":".getBytes());
        }
        case Response.Drip d -> {
          ex.sendResponseHeaders(200, d.body().length());
          OutputStream out = ex.getResponseBody();
          byte[] body = d.body().unsafeArray();
          for (int i = 0; i < body.length && i < 600; i++) {
            out.write(body[i]);
            out.flush();
            Thread.sleep(d.delayMillis());
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client hung up, as it should on endless or slow bodies
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
