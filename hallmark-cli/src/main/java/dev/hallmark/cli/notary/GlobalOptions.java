package dev.hallmark.cli.notary;

import dev.hallmark.client.HttpRemoteStore;
import dev.hallmark.client.TrustClient;
import dev.hallmark.client.TrustPinning;
import dev.hallmark.keys.Console;
import dev.hallmark.keys.PassphraseRetriever;
import dev.hallmark.keys.TrustDirKeyStore;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonException;
import dev.hallmark.tuf.json.JsonReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * notary's global flags and its {@code config.json} (reference cmd/notary/main.go {@code parseConfig},
 * cmd/notary/tuf.go): flags override the file, paths given as flags are relative to the working
 * directory, TLS paths in the file relative to the file's directory.
 */
public final class GlobalOptions {
  static final String DEFAULT_SERVER = "https://notary-server:4443";

  @Option(names = {"-d", "--trustDir"}, scope = ScopeType.INHERIT, paramLabel = "string",
      description = "Directory where the trust data is persisted to")
  String trustDir;

  @Option(names = {"-c", "--configFile"}, scope = ScopeType.INHERIT, paramLabel = "string",
      description = "Path to the configuration file to use")
  String configFile;

  @Option(names = {"-s", "--server"}, scope = ScopeType.INHERIT, paramLabel = "string",
      description = "Remote trust server location")
  String server;

  @Option(names = "--tlscacert", scope = ScopeType.INHERIT, paramLabel = "string",
      description = "Trust certs signed only by this CA")
  String tlsCaCert;

  @Option(names = "--tlscert", scope = ScopeType.INHERIT, paramLabel = "string", description = "Path to TLS certificate file")
  String tlsCert;

  @Option(names = "--tlskey", scope = ScopeType.INHERIT, paramLabel = "string", description = "Path to TLS key file")
  String tlsKey;

  @Option(names = {"-D", "--debug"}, scope = ScopeType.INHERIT, description = "Debug output")
  boolean debug;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Verbose output")
  boolean verbose;

  /** {@code -D}: debug output. */
  public boolean debug() {
    return debug;
  }

  /** {@code -v}: verbose output. */
  public boolean verbose() {
    return verbose;
  }

  /** The {@code -d} flag, for commands outside notary's (docker's trust dir is the default there). */
  public java.util.Optional<Path> trustDirFlag() {
    return java.util.Optional.ofNullable(trustDir).map(d -> Path.of(expand(d, System.getProperty("user.home"))).toAbsolutePath());
  }

  /** The {@code --tlscacert} flag. */
  public java.util.Optional<Path> tlsCaCertFlag() {
    return java.util.Optional.ofNullable(tlsCaCert).map(p -> Path.of(p).toAbsolutePath());
  }

  /** The resolved configuration. */
  record Config(Path trustDir, String serverUrl, Path rootCa, Path clientCert, Path clientKey, TrustPinning pinning) {}

  /** Access levels of reference cmd/notary/tuf.go: token scopes pull, push+pull, *. */
  enum Access {
    READ("pull"), WRITE("push,pull"), ADMIN("*");

    final String actions;

    Access(String actions) {
      this.actions = actions;
    }
  }

  /** The environment commands read (passphrases, {@code NOTARY_AUTH}, {@code HOME}): the process's unless set. */
  private Map<String, String> env = System.getenv();

  /** Has commands read {@code env} instead of the process environment (embedding, tests). */
  public void environment(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The environment commands read: the process's, or what {@link #environment(Map)} set. */
  public Map<String, String> environment() {
    return env;
  }

  /** The global options of the command line a command belongs to. */
  public static GlobalOptions of(picocli.CommandLine.Model.CommandSpec spec) {
    return (GlobalOptions) spec.root().mixins().get("notary").userObject();
  }

  Config config() throws IOException {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    Path defaultTrustDir = Path.of(home, ".notary");
    Path file = configFile != null ? Path.of(configFile).toAbsolutePath() : defaultTrustDir.resolve("config.json");
    Json.Obj cfg = Json.object().build();
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (!(JsonReader.forMetadata().parse(bytes) instanceof Json.Obj o)) {
        throw new IOException("error opening config file: not a JSON object");
      }
      cfg = o;
    } catch (NoSuchFileException e) {
      if (configFile != null) {
        throw new IOException("error opening config file: open " + configFile + ": no such file or directory");
      }
    } catch (JsonException e) {
      // viper's prefix; the parser's own words after it are Java's, not Go's encoding/json
      throw new IOException("error opening config file: While parsing config: " + e.getMessage());
    }
    Path cfgDir = file.getParent();
    Path td = defaultTrustDir;
    if (cfg.get("trust_dir") instanceof Json.Str s) {
      td = Path.of(expand(s.value(), home)).toAbsolutePath();
    }
    if (trustDir != null) {
      td = Path.of(expand(trustDir, home)).toAbsolutePath();
    }
    Json.Obj rs = cfg.get("remote_server") instanceof Json.Obj o ? o : Json.object().build();
    String url = rs.get("url") instanceof Json.Str s ? s.value() : DEFAULT_SERVER;
    Path ca = rs.get("root_ca") instanceof Json.Str s ? cfgDir.resolve(expand(s.value(), home)) : null;
    Path cert = rs.get("tls_client_cert") instanceof Json.Str s ? cfgDir.resolve(expand(s.value(), home)) : null;
    Path key = rs.get("tls_client_key") instanceof Json.Str s ? cfgDir.resolve(expand(s.value(), home)) : null;
    boolean relativeConfig = configFile != null && !Path.of(configFile).isAbsolute();
    for (String k : java.util.List.of("root_ca", "tls_client_cert", "tls_client_key")) {
      if (relativeConfig && rs.get(k) instanceof Json.Str s && !Path.of(expand(s.value(), home)).isAbsolute()) {
        RELATIVE.add(cfgDir.resolve(expand(s.value(), home)).toAbsolutePath().normalize());
      }
    }
    for (String f : java.util.Arrays.asList(tlsCaCert, tlsCert, tlsKey)) {
      if (f != null && !Path.of(f).isAbsolute()) {
        RELATIVE.add(Path.of(f).toAbsolutePath().normalize());
      }
    }
    if (server != null) {
      url = server;
    }
    if (tlsCaCert != null) {
      ca = Path.of(tlsCaCert).toAbsolutePath();
    }
    if (tlsCert != null) {
      cert = Path.of(tlsCert).toAbsolutePath();
    }
    if (tlsKey != null) {
      key = Path.of(tlsKey).toAbsolutePath();
    }
    return new Config(td, url, ca, cert, key, TrustPinning.fromConfig(cfg));
  }

  /** A path as notary prints it: relative to the working directory when it was given relative. */
  private static String shown(Path p) {
    Path n = p.toAbsolutePath().normalize();
    return RELATIVE.contains(n) ? Path.of("").toAbsolutePath().relativize(n).toString() : p.toString();
  }

  /** Paths that were given relative (on the command line or in a config file given by a relative path). */
  private static final java.util.Set<Path> RELATIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static String openError(Path p) {
    String why = Files.exists(p) ? "permission denied" : "no such file or directory";
    return "open " + shown(p) + ": " + why;
  }

  private static String expand(String p, String home) {
    if (p.equals("~")) {
      return home;
    }
    if (p.startsWith("~/")) {
      return home + p.substring(1);
    }
    return p;
  }

  /** Passphrases as notary asks for them: {@code NOTARY_*_PASSPHRASE}, else a prompt on the terminal. */
  PassphraseRetriever passphrases() {
    return PassphraseRetriever.notary(env, Console.system());
  }

  TrustDirKeyStore keyStore(Config c) throws IOException {
    return keyStore(c, env);
  }

  private static TrustDirKeyStore keyStore(Config c, Map<String, String> env) throws IOException {
    return TrustDirKeyStore.open(c.trustDir(), PassphraseRetriever.notary(env, Console.system()));
  }

  /** The trust directory as notary resolves it ({@code -d}, {@code config.json}, {@code ~/.notary}). */
  public Path trustDirectory() throws IOException {
    return config().trustDir();
  }

  /**
   * A client that publishes to the configured server, for commands outside notary's: credentials
   * ({@code NOTARY_AUTH}) and key passphrases ({@code NOTARY_*_PASSPHRASE}) from the environment.
   */
  public TrustClient publishingClient() throws IOException {
    return client(config(), Access.WRITE, env);
  }

  /** A client for the configured server with the key store, authenticating for the given access. */
  TrustClient client(Config c, Access access) throws IOException {
    return client(c, access, env);
  }

  private static TrustClient client(Config c, Access access, Map<String, String> env) throws IOException {
    URI uri;
    try {
      uri = URI.create(c.serverUrl());
    } catch (IllegalArgumentException e) {
      throw new IOException("Could not parse remote trust server url (" + c.serverUrl() + "): " + e.getMessage());
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IOException("Trust server url has to be in the form of http(s)://URL:PORT. Got: " + c.serverUrl());
    }
    HttpRemoteStore.Builder b = HttpRemoteStore.builder(uri).tokenActions(access.actions);
    if (c.rootCa() != null) {
      b.caFile(c.rootCa());
    }
    if ((c.clientCert() == null) != (c.clientKey() == null)) {
      throw new IOException("either pass both client key and cert, or neither");
    }
    if (c.clientCert() != null) {
      b.clientCertificate(c.clientCert(), c.clientKey());
    }
    String auth = env.get("NOTARY_AUTH");
    if (auth != null && !auth.isEmpty()) {
      String decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon > 0) {
        b.credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
      }
    }
    // the files notary's TLS set-up reads, failing in its words (go-connections tlsconfig)
    if (c.rootCa() != null && !Files.isReadable(c.rootCa())) {
      throw new IOException("unable to configure TLS: could not read CA certificate \"" + shown(c.rootCa()) + "\": "
          + openError(c.rootCa()));
    }
    for (Path p : java.util.Arrays.asList(c.clientCert(), c.clientKey())) {
      if (p != null && !Files.isReadable(p)) {
        throw new IOException("unable to configure TLS: Could not load X509 key pair: " + openError(p));
      }
    }
    HttpRemoteStore remote;
    try {
      remote = b.build();
    } catch (IOException e) {
      throw new IOException("unable to configure TLS: " + e.getMessage(), e);
    }
    return TrustClient.builder(c.trustDir(), remote)
        .pinning(c.pinning())
        .skipInvalidDelegations(true)
        .keys(keyStore(c, env))
        .build();
  }
}
