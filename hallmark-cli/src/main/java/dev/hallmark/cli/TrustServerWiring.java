package dev.hallmark.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hallmark.server.fetch.MetadataFetch;
import dev.hallmark.server.http.Health;
import dev.hallmark.server.http.HttpServer;
import dev.hallmark.server.http.Metrics;
import dev.hallmark.server.http.TlsFiles;
import dev.hallmark.server.http.TrustRoutes;
import dev.hallmark.server.keys.ServerKeys;
import dev.hallmark.server.publish.Publish;
import dev.hallmark.server.publish.ServerSigning;
import dev.hallmark.server.store.JdbcMetadataStore;
import dev.hallmark.server.store.SqlDialect;
import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.access.ScopeCheck;
import dev.hallmark.registry.blob.BlobUploads;
import dev.hallmark.registry.blob.FileBlobStore;
import dev.hallmark.registry.content.GarbageCollection;
import dev.hallmark.registry.content.ManifestPush;
import dev.hallmark.registry.content.Referrers;
import dev.hallmark.registry.content.Repositories;
import dev.hallmark.registry.http.RegistryRoutes;
import dev.hallmark.registry.store.JdbcRegistryStore;
import dev.hallmark.signer.LocalSigner;
import dev.hallmark.signer.PassphraseAliases;
import dev.hallmark.tuf.Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The composition root of the server: the one place that knows every concrete class and creates
 * them with {@code new}, from {@link ServerSettings}. The trust API and the registry share one
 * origin ({@link OneOrigin}), one database and one data directory.
 */
public final class TrustServerWiring {
  /** The passphrase alias of keys the embedded signer creates. */
  static final String SIGNER_ALIAS = "hallmark";

  private TrustServerWiring() {}

  /**
   * A running server and what it owns.
   *
   * @param repositories the registry's repository API (explicit creation, for admin and accounts)
   * @param garbageCollection the registry's garbage collector ({@code hallmark admin gc})
   * @param housekeeping periodic work (expiring idle uploads)
   */
  public record Running(HttpServer http, HikariDataSource dataSource, Path dataDir, Repositories repositories,
      GarbageCollection garbageCollection, ScheduledExecutorService housekeeping) implements AutoCloseable {
    public int port() {
      return http.port();
    }

    @Override
    public void close() throws Exception {
      housekeeping.shutdownNow();
      try {
        http.close();
      } finally {
        dataSource.close();
      }
    }
  }

  /** Starts the server with an open registry (no auth). @param env the process environment (passphrases) */
  public static Running start(ServerSettings s, Clock clock, Map<String, String> env) throws IOException {
    return start(s, clock, env, RegistryConfig.defaults(), ScopeCheck.ALLOW_ALL);
  }

  /**
   * Starts the server.
   *
   * @param access decides every registry request's scope (hallmark-auth's token check, or allow-all)
   */
  public static Running start(ServerSettings s, Clock clock, Map<String, String> env, RegistryConfig registryConfig,
      ScopeCheck access) throws IOException {
    Files.createDirectories(s.dataDir());
    HikariDataSource ds = dataSource(s);
    try {
      var store = new JdbcMetadataStore(ds, SqlDialect.fromJdbcUrl(s.jdbcUrl()), clock);
      var signer = new LocalSigner(ds, PassphraseAliases.of(SIGNER_ALIAS, signerPassphrase(s.dataDir(), env)), clock);
      var signing = new ServerSigning(signer, s.keyAlgorithm(), clock);
      var verifier = new Verifier();
      var fetch = new MetadataFetch(store, signing, clock);
      var publish = new Publish(store, signing, verifier, clock, fetch::invalidate);
      var keys = new ServerKeys(store, signing);
      var virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
      var routes = new TrustRoutes(s.api(), publish, fetch, keys, store, new Health(store, clock), new Metrics(),
          virtualThreads);
      var registryStore = new JdbcRegistryStore(ds, clock);
      var blobs = new FileBlobStore(s.dataDir());
      var uploads = new BlobUploads(blobs, clock);
      var repositories = new Repositories(registryStore, registryConfig);
      var registry = new RegistryRoutes(registryConfig, repositories, registryStore, blobs, uploads,
          new ManifestPush(registryStore, repositories), new Referrers(registryStore), access, virtualThreads);
      var gc = new GarbageCollection(registryStore, blobs, clock, registryConfig.gcGracePeriod());
      TlsFiles tls = null;
      if (!s.plainHttp()) {
        tls = s.tlsCert().isPresent()
            ? new TlsFiles(s.tlsCert().get(), s.tlsKey().orElseThrow())
            : TlsFiles.selfManaged(s.dataDir(), clock);
      }
      HttpServer http = HttpServer.start(s.listen(), tls, new OneOrigin(registry, routes));
      ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("hallmark-housekeeping").factory());
      housekeeping.scheduleWithFixedDelay(() -> {
        try {
          uploads.expire(registryConfig.uploadExpiry());
        } catch (IOException | RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(TrustServerWiring.class).warn("expiring idle uploads: {}", e.toString());
        }
      }, 1, 60, TimeUnit.MINUTES);
      return new Running(http, ds, s.dataDir(), repositories, gc, housekeeping);
    } catch (IOException | RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  private static HikariDataSource dataSource(ServerSettings s) {
    var cfg = new HikariConfig();
    cfg.setJdbcUrl(s.jdbcUrl());
    cfg.setPoolName("hallmark-db");
    cfg.setMaximumPoolSize(32);
    cfg.setMinimumIdle(1);
    cfg.setConnectionTimeout(15_000);
    return new HikariDataSource(cfg);
  }

  /**
   * The passphrase that encrypts server-held keys: {@code HALLMARK_SIGNER_PASSPHRASE} or
   * {@code NOTARY_SIGNER_HALLMARK} from the environment, else a random one kept in
   * {@code <data-dir>/signer/passphrase} (0600), created on first start.
   */
  static char[] signerPassphrase(Path dataDir, Map<String, String> env) throws IOException {
    for (String name : new String[] {"HALLMARK_SIGNER_PASSPHRASE", "NOTARY_SIGNER_" + SIGNER_ALIAS.toUpperCase(java.util.Locale.ROOT)}) {
      String v = env.get(name);
      if (v != null && !v.isEmpty()) {
        return v.toCharArray();
      }
    }
    Path file = dataDir.resolve("signer").resolve("passphrase");
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, Base64.getEncoder().withoutPadding().encodeToString(random), StandardCharsets.US_ASCII);
    }
    return Files.readString(file, StandardCharsets.US_ASCII).strip().toCharArray();
  }
}
