package dev.hallmark.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.hallmark.signer.KeyAlgorithm;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import dev.hallmark.policy.Policy;
import dev.hallmark.policy.TeamName;
import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.access.ScopeCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hallmark server}: runs the trust server on embedded storage (H2 and files) by default. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run the Hallmark server (the Notary v1 trust API and the OCI registry on one HTTPS origin).")
final class ServerCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default 127.0.0.1:4443).")
  String listen;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the database, keys and TLS files live (default $HALLMARK_DATA_DIR or ~/.local/share/hallmark).")
  Path dataDir;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain (default: a CA made in DIR/tls).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert.")
  Path tlsKey;

  @Option(names = "--insecure-http", description = "Serve plain HTTP (only behind a TLS-terminating proxy).")
  boolean insecureHttp;

  @Option(names = "--auth", paramLabel = "MODE",
      description = "Authentication: token (default; Docker token auth, accounts, /auth/token) or none (development only).")
  String auth;

  @Option(names = "--config", paramLabel = "FILE", description = "notary-server JSON configuration (the keys that apply).")
  Path config;

  @Option(names = "--key-algorithm", paramLabel = "ALG", description = "Algorithm of server-held keys: ecdsa (default) or ed25519.")
  String keyAlgorithm;

  @Option(names = "--database-url", paramLabel = "JDBC",
      description = "Database: jdbc:h2:... or jdbc:postgresql://... (default: embedded H2 in the data directory).")
  String databaseUrl;

  @Option(names = "--blob-dir", paramLabel = "DIR",
      description = "Registry blobs and upload sessions (default: the data directory); replicas share one.")
  Path blobDir;

  @Option(names = "--registry-name", paramLabel = "HOST[:PORT]",
      description = "A name clients use for this registry; repeatable (default: the names of the TLS certificate).")
  private java.util.List<String> registryNames = new java.util.ArrayList<>();

  @Option(names = "--policy-cache", paramLabel = "SECONDS",
      description = "How long verified trust data is reused for policy decisions (default 10).")
  private Long policyCacheSeconds;

  @Option(names = "--policy-trust-pinning", paramLabel = "FILE",
      description = "A notary client config.json whose trust_pinning section pins the roots policy decisions trust.")
  private Path policyPinning;

  @Option(names = "--webhook-token-file", paramLabel = "FILE",
      description = "A file holding the bearer token kube-apiserver must send to /policy/v1/admit and /policy/v1/mutate.")
  private Path webhookTokenFile;

  @Option(names = "--log-level", paramLabel = "LEVEL", description = "error, warn, info (default; one access line per request), debug.")
  String logLevel;

  @Option(names = "--require-content-trust",
      description = "Set the global default policy at start: run only signed images (UCP's require_content_trust).")
  boolean requireContentTrust;

  @Option(names = "--require-signature-from", paramLabel = "ORG/TEAM",
      description = "Repeatable; with --require-content-trust, each team must have signed (a member's signature). "
          + "The teams must exist (token auth).")
  List<String> requireSignatureFrom = new ArrayList<>();

  @Option(names = "--no-create-on-push",
      description = "Push only to repositories that exist (made with `hallmark admin repos create`); "
          + "a push elsewhere is NAME_UNKNOWN. Needs token auth.")
  boolean noCreateOnPush;

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = System.getenv();
    NotaryServerConfig file = config != null ? NotaryServerConfig.read(config, env)
        : NotaryServerConfig.environmentOnly(env, Path.of("").toAbsolutePath());
    String mode = auth != null ? auth : file.authType().orElse("token");
    AuthSettings authSettings = switch (mode) {
      case "none" -> AuthSettings.NONE;
      case "token" -> file.authSettings();
      default -> throw new IllegalArgumentException("--auth " + mode + ": must be token or none");
    };
    String addr = listen != null ? listen : file.string("server.http_addr").orElse("127.0.0.1:4443");
    Path dir = dataDir != null ? dataDir : defaultDataDir(env);
    Optional<Path> cert = Optional.ofNullable(tlsCert).or(() -> file.path("server.tls_cert_file"));
    Optional<Path> key = Optional.ofNullable(tlsKey).or(() -> file.path("server.tls_key_file"));
    KeyAlgorithm alg = keyAlgorithm != null ? KeyAlgorithm.fromWire(keyAlgorithm)
        : file.keyAlgorithm().orElse(KeyAlgorithm.ECDSA);
    String level = logLevel != null ? logLevel : file.string("logging.level").orElse("info");
    var settings = new ServerSettings(parseAddress(addr), dir, cert, key, insecureHttp, alg,
        Optional.ofNullable(databaseUrl).or(file::databaseUrl), file.api(), level, authSettings,
        new PolicySettings(registryNames, policyCacheSeconds == null ? PolicySettings.DEFAULTS.trustCacheWindow()
            : java.time.Duration.ofSeconds(policyCacheSeconds), policyPinning == null ? dev.hallmark.client.TrustPinning.TOFU
            : dev.hallmark.client.TrustPinning.fromConfig(readConfig(policyPinning)), webhookToken(webhookTokenFile)),
        globalPolicy(requireContentTrust, requireSignatureFrom),
        Optional.ofNullable(blobDir));
    if (noCreateOnPush && authSettings.mode() == AuthSettings.Mode.NONE) {
      // without accounts there is no admin API to create a repository: nothing could ever be pushed
      throw new IllegalArgumentException("--no-create-on-push needs --auth token (repositories are created with"
          + " `hallmark admin repos create`)");
    }
    applyLogLevel(level);
    Logger log = LoggerFactory.getLogger("hallmark");
    for (String note : file.notHonoured()) {
      log.warn("{}: {}", config != null ? config : "NOTARY_SERVER_* environment", note);
    }
    var running = TrustServerWiring.start(settings, Clock.systemUTC(), env, spec.commandLine().getErr(),
        RegistryConfig.defaults().withCreateOnPush(!noCreateOnPush), ScopeCheck.ALLOW_ALL);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
      try {
        running.close();
      } catch (Exception e) {
        log.warn("shutdown: {}", e.toString());
      }
    }));
    log.info("listening on {}://{}:{} data-dir={} auth={}{}", settings.plainHttp() ? "http" : "https",
        settings.listen().getHostString(), running.port(), dir.toAbsolutePath(), mode,
        cert.isEmpty() && !settings.plainHttp() ? " ca=" + dir.resolve("tls/ca.crt").toAbsolutePath() : "");
    // Start-up leaves garbage (TLS, class loading, migrations); collect it once and return the
    // freed heap and native memory, so the idle server does not carry it until the first load.
    System.gc();
    NativeMemory.trimWhenIdle(running::requests);
    running.http().join();
    return 0;
  }

  /**
   * The global default policy the flags ask for; empty without flags. Teams without
   * {@code --require-content-trust} are refused rather than implied, so that the command line says
   * what it does.
   */
  static Optional<Policy> globalPolicy(boolean requireContentTrust, List<String> teams) {
    if (!requireContentTrust && !teams.isEmpty()) {
      throw new IllegalArgumentException("--require-signature-from needs --require-content-trust"
          + " (requiring signatures from teams requires content trust)");
    }
    if (!requireContentTrust) {
      return Optional.empty();
    }
    List<TeamName> parsed = new ArrayList<>();
    for (String t : teams) {
      try {
        parsed.add(TeamName.parse(t));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--require-signature-from: " + e.getMessage(), e);
      }
    }
    return Optional.of(Policy.requireSignatures(parsed));
  }

  /** The webhook token from its file (first line, trimmed); never from the command line. */
  private static Optional<String> webhookToken(Path file) throws java.io.IOException {
    if (file == null) {
      return Optional.empty();
    }
    byte[] bytes;
    try (var in = java.nio.file.Files.newInputStream(file)) {
      bytes = in.readNBytes(4096);
    }
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip();
    int nl = text.indexOf('\n');
    return Optional.of(nl < 0 ? text : text.substring(0, nl).strip());
  }

  /** A JSON configuration file, size-limited. */
  private static dev.hallmark.tuf.json.Json.Obj readConfig(Path file) throws java.io.IOException {
    byte[] bytes;
    try (var in = java.nio.file.Files.newInputStream(file)) {
      bytes = in.readNBytes(1 << 20);
    }
    if (!(dev.hallmark.tuf.json.JsonReader.forMetadata().parse(bytes) instanceof dev.hallmark.tuf.json.Json.Obj o)) {
      throw new IllegalArgumentException("--policy-trust-pinning " + file + ": not a JSON object");
    }
    return o;
  }

  static Path defaultDataDir(Map<String, String> env) {
    if (env.get("HALLMARK_DATA_DIR") != null) {
      return Path.of(env.get("HALLMARK_DATA_DIR"));
    }
    String xdg = env.get("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("hallmark");
  }

  static InetSocketAddress parseAddress(String addr) {
    int colon = addr.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--listen: expected HOST:PORT, got " + addr);
    }
    String host = addr.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(addr.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--listen: invalid port in " + addr);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--listen: port out of range in " + addr);
    }
    return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
  }

  static void applyLogLevel(String level) {
    Level l = switch (level.toLowerCase(java.util.Locale.ROOT)) {
      case "debug" -> Level.DEBUG;
      case "info" -> Level.INFO;
      case "warn", "warning" -> Level.WARN;
      case "error", "fatal", "panic" -> Level.ERROR;
      default -> throw new IllegalArgumentException("logging.level: unknown level " + level);
    };
    var ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(l);
    ctx.getLogger("hallmark.access").setLevel(l.isGreaterOrEqual(Level.WARN) ? l : Level.INFO);
  }
}
