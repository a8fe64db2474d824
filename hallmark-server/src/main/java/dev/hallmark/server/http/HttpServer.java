package dev.hallmark.server.http;

import java.io.IOException;
import java.security.KeyStore;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTPS listener: Jetty 12 with handlers on virtual threads, TLS 1.2 and 1.3 only, HTTP/1.1 (as
 * the notary and docker clients speak). Plain HTTP only when explicitly asked for (tests, TLS
 * terminated in front).
 */
public final class HttpServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final LongAdder requests;

  private HttpServer(Server server, ServerConnector connector, LongAdder requests) {
    this.server = server;
    this.connector = connector;
    this.requests = requests;
  }

  /**
   * Starts listening.
   *
   * @param tls certificate and key; {@code null} for plain HTTP
   */
  public static HttpServer start(InetSocketAddress address, TlsFiles tls, Handler handler) throws IOException {
    var threads = new QueuedThreadPool(64, 4);
    threads.setName("hallmark-http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    var server = new Server(threads);
    var http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(16 * 1024);
    http.setHttpCompliance(HttpCompliance.RFC9110);
    ServerConnector connector;
    if (tls != null) {
      var ssl = new SslContextFactory.Server();
      char[] pw = "hallmark-in-memory".toCharArray();
      KeyStore keyStore = tls.toKeyStore(pw);
      ssl.setKeyStore(keyStore);
      TlsWarmUp.start(keyStore, pw, Integer.getInteger("hallmark.tls.warmup.mb", 256));
      ssl.setKeyStorePassword(new String(pw));
      ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      // AEAD suites only, AES-128-GCM first as Go's crypto/tls orders them (notary-server, distribution):
      // AES-256-GCM, the JDK's first choice, costs ~40% more CPU per byte on large blob transfers.
      ssl.setIncludeCipherSuites("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
      ssl.setSniRequired(false);
      var secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      connector = new ServerConnector(server, 1, Math.max(2, Runtime.getRuntime().availableProcessors()), new SslConnectionFactory(ssl, "http/1.1"),
          new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, 1, Math.max(2, Runtime.getRuntime().availableProcessors()), new HttpConnectionFactory(http));
    }
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(60_000);
    server.addConnector(connector);
    var requests = new LongAdder();
    server.setHandler(new Handler.Wrapper(handler) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        requests.increment();
        return super.handle(request, response, callback);
      }
    });
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(5_000);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // already failing
      }
      throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
    return new HttpServer(server, connector, requests);
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Requests received so far. */
  public long requests() {
    return requests.sum();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
