package dev.hallmark.registry.http;

import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.access.ScopeCheck;
import dev.hallmark.registry.blob.BlobUploads;
import dev.hallmark.registry.blob.FileBlobStore;
import dev.hallmark.registry.content.GarbageCollection;
import dev.hallmark.registry.content.ManifestPush;
import dev.hallmark.registry.content.Referrers;
import dev.hallmark.registry.content.Repositories;
import dev.hallmark.registry.store.JdbcRegistryStore;
import dev.hallmark.server.http.HttpServer;
import dev.hallmark.server.http.TlsFiles;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.h2.jdbcx.JdbcDataSource;

/** The registry alone over HTTPS in-process, on a free port with its own CA. */
final class RegistryServer implements AutoCloseable {
  final Path dir;
  final JdbcRegistryStore store;
  final FileBlobStore blobs;
  final Repositories repositories;
  final GarbageCollection gc;
  final HttpServer http;
  final HttpClient client;

  RegistryServer(Path dir, RegistryConfig config, ScopeCheck access) throws Exception {
    this.dir = dir;
    var ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:registry-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    Clock clock = Clock.systemUTC();
    store = new JdbcRegistryStore(ds, clock);
    blobs = new FileBlobStore(dir);
    repositories = new Repositories(store, config);
    gc = new GarbageCollection(store, blobs, clock, config.gcGracePeriod());
    var routes = new RegistryRoutes(config, repositories, store, blobs, new BlobUploads(blobs, clock),
        new ManifestPush(store, repositories), new Referrers(store), access, Executors.newVirtualThreadPerTaskExecutor());
    http = HttpServer.start(new InetSocketAddress("127.0.0.1", 0), TlsFiles.selfManaged(dir, clock), routes);
    client = HttpClient.newBuilder().sslContext(sslContext(dir.resolve("tls/ca.crt")))
        .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  }

  String url() {
    return "https://127.0.0.1:" + http.port();
  }

  Path caCert() {
    return dir.resolve("tls/ca.crt");
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery : url() + pathAndQuery))
        .timeout(Duration.ofSeconds(30));
  }

  HttpResponse<byte[]> send(HttpRequest r) throws Exception {
    return client.send(r, HttpResponse.BodyHandlers.ofByteArray());
  }

  static SSLContext sslContext(Path ca) throws Exception {
    var ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(ca)) {
      ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    var ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  @Override
  public void close() throws Exception {
    http.close();
  }
}
