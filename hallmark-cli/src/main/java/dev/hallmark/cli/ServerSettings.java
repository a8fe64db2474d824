package dev.hallmark.cli;

import dev.hallmark.policy.Policy;
import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.signer.KeyAlgorithm;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code hallmark server} needs, resolved from flags, a notary-server configuration
 * file and the environment, and validated before anything starts.
 *
 * @param tlsCert operator's certificate; empty means a self-managed CA in the data directory
 * @param plainHttp serve HTTP without TLS (only when asked for explicitly)
 * @param databaseUrl JDBC URL; empty means the embedded H2 database in the data directory
 * @param auth token auth, or none
 * @param policy how the signing policy is evaluated
 * @param globalPolicy the global default policy to store at start ({@code --require-content-trust},
 *     {@code --require-signature-from}); empty leaves the stored one as it is
 * @param blobDir where registry blobs and upload sessions live ({@code --blob-dir}); empty means the
 *     data directory. Replicas on one PostgreSQL share it, each keeping its own data directory.
 */
public record ServerSettings(
    InetSocketAddress listen,
    Path dataDir,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    boolean plainHttp,
    KeyAlgorithm keyAlgorithm,
    Optional<String> databaseUrl,
    TrustApiConfig api,
    String logLevel,
    AuthSettings auth,
    PolicySettings policy,
    Optional<Policy> globalPolicy,
    Optional<Path> blobDir) {

  public ServerSettings {
    Objects.requireNonNull(listen);
    Objects.requireNonNull(blobDir);
    Objects.requireNonNull(dataDir);
    Objects.requireNonNull(auth);
    Objects.requireNonNull(policy);
    Objects.requireNonNull(globalPolicy);
    if (tlsCert.isPresent() != tlsKey.isPresent()) {
      throw new IllegalArgumentException("server.tls_cert_file and server.tls_key_file: give both or neither");
    }
  }

  /** Settings keeping blobs in the data directory. */
  public ServerSettings(InetSocketAddress listen, Path dataDir, Optional<Path> tlsCert, Optional<Path> tlsKey,
      boolean plainHttp, KeyAlgorithm keyAlgorithm, Optional<String> databaseUrl, TrustApiConfig api, String logLevel,
      AuthSettings auth, PolicySettings policy, Optional<Policy> globalPolicy) {
    this(listen, dataDir, tlsCert, tlsKey, plainHttp, keyAlgorithm, databaseUrl, api, logLevel, auth, policy,
        globalPolicy, Optional.empty());
  }

  /** Settings without auth (tests, development). */
  public ServerSettings(InetSocketAddress listen, Path dataDir, Optional<Path> tlsCert, Optional<Path> tlsKey,
      boolean plainHttp, KeyAlgorithm keyAlgorithm, Optional<String> databaseUrl, TrustApiConfig api, String logLevel) {
    this(listen, dataDir, tlsCert, tlsKey, plainHttp, keyAlgorithm, databaseUrl, api, logLevel, AuthSettings.NONE);
  }

  /** Settings with default policy evaluation. */
  public ServerSettings(InetSocketAddress listen, Path dataDir, Optional<Path> tlsCert, Optional<Path> tlsKey,
      boolean plainHttp, KeyAlgorithm keyAlgorithm, Optional<String> databaseUrl, TrustApiConfig api, String logLevel,
      AuthSettings auth) {
    this(listen, dataDir, tlsCert, tlsKey, plainHttp, keyAlgorithm, databaseUrl, api, logLevel, auth,
        PolicySettings.DEFAULTS);
  }

  /** Settings that leave the stored global policy as it is. */
  public ServerSettings(InetSocketAddress listen, Path dataDir, Optional<Path> tlsCert, Optional<Path> tlsKey,
      boolean plainHttp, KeyAlgorithm keyAlgorithm, Optional<String> databaseUrl, TrustApiConfig api, String logLevel,
      AuthSettings auth, PolicySettings policy) {
    this(listen, dataDir, tlsCert, tlsKey, plainHttp, keyAlgorithm, databaseUrl, api, logLevel, auth, policy,
        Optional.empty());
  }

  /** These settings with other auth settings. */
  public ServerSettings withAuth(AuthSettings a) {
    return new ServerSettings(listen, dataDir, tlsCert, tlsKey, plainHttp, keyAlgorithm, databaseUrl, api, logLevel, a, policy,
        globalPolicy, blobDir);
  }

  /** These settings with other policy settings. */
  public ServerSettings withPolicy(PolicySettings p) {
    return new ServerSettings(listen, dataDir, tlsCert, tlsKey, plainHttp, keyAlgorithm, databaseUrl, api, logLevel, auth, p,
        globalPolicy, blobDir);
  }

  /** These settings, storing {@code p} as the global default policy at start. */
  public ServerSettings withGlobalPolicy(Policy p) {
    return new ServerSettings(listen, dataDir, tlsCert, tlsKey, plainHttp, keyAlgorithm, databaseUrl, api, logLevel, auth,
        policy, Optional.of(p), blobDir);
  }

  /** These settings with blobs and upload sessions in {@code dir} ({@code --blob-dir}). */
  public ServerSettings withBlobDir(Path dir) {
    return new ServerSettings(listen, dataDir, tlsCert, tlsKey, plainHttp, keyAlgorithm, databaseUrl, api, logLevel, auth,
        policy, globalPolicy, Optional.of(dir));
  }

  /** The directory holding {@code blobs/} and {@code uploads/}: {@code --blob-dir}, else the data directory. */
  public Path blobRoot() {
    return blobDir.orElse(dataDir);
  }

  /**
   * The JDBC URL to use: the given one, or an H2 file database under the data directory. The embedded
   * database writes every commit to its file before the commit returns ({@code WRITE_DELAY=0}; H2's
   * default holds commits in memory for up to a second), so what the server acknowledged survives its
   * process being killed; it does not sync the file to disk on each commit (a power failure can lose the
   * last commits: PostgreSQL is the store for that).
   */
  public String jdbcUrl() {
    return databaseUrl.orElseGet(() -> "jdbc:h2:file:" + dataDir.resolve("db").resolve("hallmark").toAbsolutePath()
        + ";LOCK_TIMEOUT=15000;CACHE_SIZE=8192;MAX_COMPACT_TIME=500;QUERY_CACHE_SIZE=64;WRITE_DELAY=0");
  }
}
