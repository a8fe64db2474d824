package dev.hallmark.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hallmark.accounts.AccountStore;
import dev.hallmark.accounts.AdminBootstrap;
import dev.hallmark.accounts.Authenticator;
import dev.hallmark.accounts.bundle.BundleAuthority;
import dev.hallmark.accounts.bundle.ClientBundles;
import dev.hallmark.accounts.http.AccountRoutes;
import dev.hallmark.accounts.http.AdminEndpoint;
import dev.hallmark.accounts.http.AdminExtension;
import dev.hallmark.accounts.http.AuthFilter;
import dev.hallmark.accounts.http.Challenge;
import dev.hallmark.accounts.http.RegistryAccessRules;
import dev.hallmark.auth.AccessRequest;
import dev.hallmark.auth.AccessRules;
import dev.hallmark.cli.policy.PolicyWiring;
import dev.hallmark.policy.Directory;
import dev.hallmark.policy.accounts.AccountDirectory;
import dev.hallmark.policy.Policy;
import dev.hallmark.policy.PolicySource;
import dev.hallmark.policy.RegistryNames;
import dev.hallmark.policy.TeamName;
import dev.hallmark.policy.admission.AdmissionWebhook;
import dev.hallmark.policy.http.ContextRoute;
import dev.hallmark.policy.http.PolicyAdminRoutes;
import dev.hallmark.policy.store.JdbcPolicyStore;
import dev.hallmark.policy.store.PolicyRule;
import dev.hallmark.tuf.Gun;
import dev.hallmark.auth.Password;
import dev.hallmark.auth.PasswordHasher;
import dev.hallmark.auth.TokenIssuer;
import dev.hallmark.auth.TokenSigningKey;
import dev.hallmark.auth.TokenVerifier;
import dev.hallmark.server.fetch.MetadataFetch;
import dev.hallmark.server.http.Health;
import dev.hallmark.server.http.HttpServer;
import dev.hallmark.server.http.Metrics;
import dev.hallmark.server.http.TlsFiles;
import dev.hallmark.server.http.TrustAccessRules;
import dev.hallmark.server.http.TrustRoutes;
import dev.hallmark.server.keys.ServerKeys;
import dev.hallmark.server.publish.Publish;
import dev.hallmark.server.publish.ServerSigning;
import dev.hallmark.server.store.JdbcMetadataStore;
import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.access.ScopeCheck;
import dev.hallmark.registry.blob.BlobUploads;
import dev.hallmark.registry.blob.FileBlobStore;
import dev.hallmark.registry.content.GarbageCollection;
import dev.hallmark.registry.content.ManifestPush;
import dev.hallmark.registry.content.Referrers;
import dev.hallmark.registry.content.Repositories;
import dev.hallmark.registry.content.RepositoryRecords;
import dev.hallmark.registry.http.RegistryRoutes;
import dev.hallmark.registry.store.JdbcRegistryStore;
import dev.hallmark.signer.LocalSigner;
import dev.hallmark.signer.PassphraseAliases;
import dev.hallmark.tuf.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Handler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The composition root of the server: the one place that knows every concrete class and creates
 * them with {@code new}, from {@link ServerSettings}. The trust API and the registry share one
 * origin ({@link OneOrigin}), one database and one data directory.
 */
public final class TrustServerWiring {
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  /** H2's error code for a database file another process holds open. */
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  /** The passphrase alias of keys the embedded signer creates. */
  static final String SIGNER_ALIAS = "hallmark";

  private TrustServerWiring() {}

  /**
   * A running server and what it owns.
   *
   * @param repositories the registry's repository API (explicit creation, for admin and accounts)
   * @param garbageCollection the registry's garbage collector ({@code hallmark admin gc})
   * @param housekeeping periodic work (expiring idle uploads)
   * @param policies the stored policy rules (global default, organisations, repository prefixes)
   */
  public record Running(HttpServer http, HikariDataSource dataSource, Path dataDir, Repositories repositories,
      GarbageCollection garbageCollection, PolicyWiring policy, ScheduledExecutorService housekeeping,
      PolicySource policies) implements AutoCloseable {
    public int port() {
      return http.port();
    }

    /** Requests received so far. */
    public long requests() {
      return http.requests();
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

  /** Starts the server (auth as the settings say). @param env the process environment (passphrases) */
  public static Running start(ServerSettings s, Clock clock, Map<String, String> env) throws IOException {
    return start(s, clock, env, new PrintWriter(System.err, true));
  }

  /** Starts the server with a registry that allows every request its auth mode lets through. */
  public static Running start(ServerSettings s, Clock clock, Map<String, String> env, PrintWriter err) throws IOException {
    return start(s, clock, env, err, RegistryConfig.defaults(), ScopeCheck.ALLOW_ALL);
  }

  /** Starts the server with the given registry settings and scope check (tests). */
  public static Running start(ServerSettings s, Clock clock, Map<String, String> env, RegistryConfig registryConfig,
      ScopeCheck access) throws IOException {
    return start(s, clock, env, new PrintWriter(System.err, true), registryConfig, access);
  }

  /**
   * Starts the server: trust API and registry on one origin, behind token auth when configured.
   *
   * @param env the process environment (passphrases, {@code HALLMARK_ADMIN_PASSWORD})
   * @param err where a generated admin password is shown, once
   * @param access the registry's own scope check (allow-all when the token filter in front decides)
   */
  public static Running start(ServerSettings s, Clock clock, Map<String, String> env, PrintWriter err,
      RegistryConfig registryConfig, ScopeCheck access) throws IOException {
    Files.createDirectories(s.dataDir(), OWNER_ONLY);
    if (s.databaseUrl().isEmpty()) {
      // the embedded database holds account password hashes and sealed keys: readable by its owner only
      ownerOnly(s.dataDir().resolve("db"));
    }
    HikariDataSource ds = dataSource(s);
    try {
      var store = new JdbcMetadataStore(ds, clock);
      var signer = new LocalSigner(ds, PassphraseAliases.of(SIGNER_ALIAS, signerPassphrase(s.dataDir(), env)), clock);
      var signing = new ServerSigning(signer, s.keyAlgorithm(), clock);
      var verifier = new Verifier();
      var fetch = new MetadataFetch(store, signing, clock);
      var publish = new Publish(store, signing, verifier, clock, fetch::invalidate);
      var keys = new ServerKeys(store, signing);
      var virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
      var metrics = new Metrics();
      var routes = new TrustRoutes(s.api(), publish, fetch, keys, store, new Health(store, clock), metrics,
          virtualThreads);
      AccountStore accounts = null;
      if (s.auth().mode() == AuthSettings.Mode.TOKEN) {
        accounts = new AccountStore(ds, clock);
        accounts.migrate();
      }
      TlsFiles tls = null;
      if (!s.plainHttp()) {
        tls = s.tlsCert().isPresent()
            ? new TlsFiles(s.tlsCert().get(), s.tlsKey().orElseThrow())
            : TlsFiles.selfManaged(s.dataDir(), clock);
      }
      var policies = new JdbcPolicyStore(ds, clock);
      policies.migrate();
      if (s.globalPolicy().isPresent()) {
        storeGlobalPolicy(policies, s.globalPolicy().get(), accounts);
      }
      // key -> certificate -> user -> teams; without accounts (--auth none) nobody is known
      Directory directory = accounts != null ? new AccountDirectory(accounts, clock) : key -> Optional.empty();
      var policy = new PolicyWiring(s.dataDir(), fetch, policies, directory, registryNames(s, tls),
          s.policy().trustCacheWindow(), s.policy().pinning(), metrics.registry(), clock);
      var registryStore = new JdbcRegistryStore(ds, clock);
      var blobs = new FileBlobStore(s.blobRoot());
      var uploads = new BlobUploads(blobs, clock);
      var repositories = new Repositories(registryStore, registryConfig, repositoryRecords(accounts));
      var registry = new RegistryRoutes(registryConfig, repositories, registryStore, blobs, uploads,
          new ManifestPush(registryStore, repositories), new Referrers(registryStore), access,
          policy.pullGate((repository, child) -> registryStore.parents(new dev.hallmark.oci.Repository(repository), child)),
          virtualThreads);
      var gc = new GarbageCollection(registryStore, blobs, clock, registryConfig.gcGracePeriod());
      Handler apis = new OneOrigin(registry, routes, policy.routes(virtualThreads, s.policy().webhookToken()));
      Handler front = switch (s.auth().mode()) {
        case NONE -> apis;
        case TOKEN -> tokenAuth(s, apis, accounts, clock, env, err, virtualThreads,
            Map.of("gc", new GarbageCollectionEndpoint(gc)), List.of(new PolicyAdminRoutes(policies, accounts)));
      };
      HttpServer http = HttpServer.start(s.listen(), tls, front);
      ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("hallmark-housekeeping").factory());
      housekeeping.scheduleWithFixedDelay(() -> {
        try {
          uploads.expire(registryConfig.uploadExpiry());
        } catch (IOException | RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(TrustServerWiring.class).warn("expiring idle uploads: {}", e.toString());
        }
      }, 1, 60, TimeUnit.MINUTES);
      return new Running(http, ds, s.dataDir(), repositories, gc, policy, housekeeping, policies);
    } catch (IOException | RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  /**
   * The account records as the registry sees them: {@code hallmark admin repos create} declares a
   * repository (pushable with {@code --no-create-on-push}) and its immutable tags. The registry reads
   * them through this adapter; the accounts module writes nothing into the registry, so neither knows
   * the other and there is no second copy to keep in step.
   *
   * @param accounts null with {@code --auth none}: no records, every tag mutable
   */
  static RepositoryRecords repositoryRecords(AccountStore accounts) {
    if (accounts == null) {
      return RepositoryRecords.NONE;
    }
    return repository -> accounts.findRepositoryAt(repository.name()).map(r -> new RepositoryRecords.Declared(
        r.immutableTags() ? RepositoryRecords.TagPolicy.IMMUTABLE : RepositoryRecords.TagPolicy.MUTABLE));
  }

  /**
   * Accounts, the token endpoint and the auth filter in front of the APIs: creates the first admin
   * on first start, the token signing key in {@code <data-dir>/auth} and the client-bundle CA in
   * {@code <data-dir>/ca} (its key encrypted with the signer passphrase).
   */
  private static Handler tokenAuth(ServerSettings s, Handler apis, AccountStore accounts, Clock clock,
      Map<String, String> env, PrintWriter err, Executor blocking, Map<String, AdminEndpoint> endpoints,
      List<AdminExtension> extensions) throws IOException {
    AuthSettings a = s.auth();
    var hasher = new PasswordHasher(new SecureRandom());
    Optional<Password> given = Optional.ofNullable(env.get("HALLMARK_ADMIN_PASSWORD")).filter(p -> !p.isEmpty()).map(Password::of);
    AdminBootstrap.ensureAdmin(accounts, hasher, given).ifPresent(pw -> {
      err.println("hallmark: created the user '" + AdminBootstrap.ADMIN + "' with password " + new String(pw.chars())
          + " (shown once; only its hash is stored)");
      err.flush();
      pw.destroy();
    });
    TokenSigningKey key = TokenSigningKey.loadOrCreate(s.dataDir().resolve("auth"), clock);
    List<X509Certificate> trusted = new ArrayList<>(List.of(key.certificate()));
    for (Path bundle : a.rootCertBundle()) {
      trusted.addAll(certificates(bundle));
    }
    var issuer = new TokenIssuer(key, a.issuer(), a.service(), a.tokenLifetime(), clock);
    var verifier = new TokenVerifier(a.issuer(), a.service(), trusted, clock);
    AccessRules trust = new TrustAccessRules(s.api().gunPrefixes());
    AccessRules registry = new RegistryAccessRules();
    AccessRules rules = r -> {
      if (RegistryAccessRules.claims(r.path())) {
        return registry.required(r);
      }
      if (AdmissionWebhook.claims(r.path())) {
        // kube-apiserver calls the webhook without registry credentials (docs/admission-webhook.md)
        return List.of();
      }
      Gun contextOf = ContextRoute.gunOf(r.path());
      if (contextOf != null) {
        // the policy context of a collection is readable by whoever may read its trust data
        return trust.required(new AccessRequest("GET", "/v2/" + contextOf.value() + "/_trust/tuf/root.json", Map.of()));
      }
      return trust.required(r);
    };
    Handler filtered = new AuthFilter(apis, rules, verifier, new Challenge(a.realm(), a.service()),
        r -> r.method().equals("GET") && r.path().equals("/v2/"));
    var bundleCa = BundleAuthority.loadOrCreate(s.dataDir().resolve("ca"), signerPassphrase(s.dataDir(), env), clock);
    var bundles = new ClientBundles(accounts, bundleCa, s.dataDir().resolve("tls").resolve("ca.crt"), clock);
    return new AccountRoutes(filtered, accounts, hasher, new Authenticator(accounts, hasher, clock), issuer, verifier,
        bundles, blocking, endpoints, extensions);
  }

  /**
   * Stores the global default policy of {@code --require-content-trust} and {@code --require-signature-from},
   * logging what it was and what it is now. The named teams must exist; with {@code --auth none} there
   * are no accounts, so team names are taken as given (the evaluator knows no signer then anyway).
   *
   * @param accounts null with {@code --auth none}
   * @throws IllegalArgumentException naming a team that does not exist
   */
  private static void storeGlobalPolicy(JdbcPolicyStore policies, Policy p, AccountStore accounts) {
    var log = org.slf4j.LoggerFactory.getLogger(TrustServerWiring.class);
    if (accounts != null) {
      List<TeamName> unknown = PolicyAdminRoutes.unknownTeams(accounts, p.requireSignatureFrom());
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("--require-signature-from: no team "
            + String.join(", ", unknown.stream().map(TeamName::toString).toList())
            + " (create it with `hallmark admin teams create`, then start with the flag)");
      }
    } else if (!p.requireSignatureFrom().isEmpty()) {
      log.warn("--require-signature-from: team names not checked (--auth none has no accounts)");
    }
    Optional<PolicyRule> was = policies.get("");
    String before = was.map(r -> r.policy().describe() + " (set by " + r.updatedBy() + " at " + r.updatedAt() + ")")
        .orElse(Policy.NONE.describe() + " (not set)");
    if (was.isPresent() && was.get().policy().equals(p)) {
      log.info("global policy: {}, unchanged by the server flags", before);
      return;
    }
    policies.put("", p, "server flags");
    log.info("global policy: was {}, now {} (server flags)", before, p.describe());
  }

  /**
   * The names clients use for this registry: {@code --registry-name}, else the DNS and IP names of the
   * TLS certificate, else (plain HTTP) localhost and the listen address.
   */
  static RegistryNames registryNames(ServerSettings s, TlsFiles tls) throws IOException {
    if (!s.policy().registryNames().isEmpty()) {
      return RegistryNames.of(s.policy().registryNames());
    }
    List<String> names = new ArrayList<>();
    if (tls != null) {
      X509Certificate leaf = certificates(tls.certificate()).getFirst();
      try {
        if (leaf.getSubjectAlternativeNames() != null) {
          for (List<?> san : leaf.getSubjectAlternativeNames()) {
            int type = (Integer) san.get(0);
            if (type == 2 || type == 7) {
              String name = (String) san.get(1);
              names.add(name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name);
            }
          }
        }
      } catch (java.security.cert.CertificateParsingException e) {
        throw new IOException(tls.certificate() + ": " + e.getMessage(), e);
      }
    }
    if (names.isEmpty()) {
      names.add("localhost");
      names.add("127.0.0.1");
      names.add(s.listen().getHostString());
    }
    return RegistryNames.of(names);
  }

  private static List<X509Certificate> certificates(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IOException(pem + ": auth.options.rootcertbundle holds no certificate");
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + ": auth.options.rootcertbundle: " + e.getMessage(), e);
    }
  }

  private static HikariDataSource dataSource(ServerSettings s) {
    if (!s.jdbcUrl().startsWith("jdbc:h2:") && !s.jdbcUrl().startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("unsupported database URL (H2 or PostgreSQL): " + s.jdbcUrl().replaceAll("\\?.*", ""));
    }
    var cfg = new HikariConfig();
    cfg.setJdbcUrl(s.jdbcUrl());
    cfg.setPoolName("hallmark-db");
    cfg.setMaximumPoolSize(32);
    cfg.setMinimumIdle(1);
    cfg.setConnectionTimeout(15_000);
    try {
      return new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
          throw new IllegalStateException("the database in " + s.dataDir().resolve("db")
              + " is in use by another process: is another hallmark server running on this data directory?", e);
        }
      }
      throw e;
    }
  }

  /** Creates the directory readable by its owner only, or takes group and other access away from it. */
  private static void ownerOnly(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, OWNER_ONLY);
    }
    var perms = Files.getPosixFilePermissions(dir);
    if (!perms.equals(PosixFilePermissions.fromString("rwx------"))) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
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
