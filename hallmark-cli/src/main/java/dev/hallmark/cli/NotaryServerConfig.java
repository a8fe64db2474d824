package dev.hallmark.cli;

import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.signer.KeyAlgorithm;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonException;
import dev.hallmark.tuf.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * notary-server's JSON configuration, the keys that apply to Hallmark (reference
 * cmd/notary-server/config.go), with {@code NOTARY_SERVER_<KEY>} environment overrides (dots become
 * underscores). Relative file paths are resolved against the file's directory. Errors name the key.
 */
final class NotaryServerConfig {
  private final Json.Obj root;
  private final Path baseDir;
  private final Map<String, String> env;

  private NotaryServerConfig(Json.Obj root, Path baseDir, Map<String, String> env) {
    this.root = root;
    this.baseDir = baseDir;
    this.env = env;
  }

  static NotaryServerConfig read(Path file, Map<String, String> env) throws IOException {
    Json j;
    try {
      j = JsonReader.forMetadata().parse(Files.readAllBytes(file));
    } catch (JsonException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage());
    }
    if (!(j instanceof Json.Obj o)) {
      throw new IllegalArgumentException(file + ": configuration must be a JSON object");
    }
    return new NotaryServerConfig(o, file.toAbsolutePath().getParent(), env);
  }

  /** Only environment overrides, for a server started without a file. */
  static NotaryServerConfig environmentOnly(Map<String, String> env, Path cwd) {
    return new NotaryServerConfig(Json.object().build(), cwd, env);
  }

  Optional<String> string(String key) {
    String envName = "NOTARY_SERVER_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    if (env.containsKey(envName)) {
      return Optional.of(env.get(envName));
    }
    Json v = lookup(key);
    if (v == null || v instanceof Json.Null) {
      return Optional.empty();
    }
    return switch (v) {
      case Json.Str s -> Optional.of(s.value());
      case Json.Num n -> Optional.of(Long.toString(n.value()));
      case Json.Bool b -> Optional.of(Boolean.toString(b.value()));
      default -> throw new IllegalArgumentException(key + ": must be a string");
    };
  }

  Optional<Path> path(String key) {
    return string(key).filter(s -> !s.isEmpty()).map(s -> baseDir.resolve(s).normalize());
  }

  Optional<Integer> integer(String key) {
    return string(key).map(s -> {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": must be an integer, got " + s);
      }
    });
  }

  List<String> strings(String key) {
    Json v = lookup(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof Json.Arr a)) {
      throw new IllegalArgumentException(key + ": must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (Json i : a.items()) {
      if (!(i instanceof Json.Str s)) {
        throw new IllegalArgumentException(key + ": must be a list of strings");
      }
      out.add(s.value());
    }
    return out;
  }

  private Json lookup(String dotted) {
    Json cur = root;
    for (String part : dotted.split("\\.")) {
      if (!(cur instanceof Json.Obj o)) {
        return null;
      }
      cur = o.get(part);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  /** The storage backend as a JDBC URL, or empty for the embedded default. */
  Optional<String> databaseUrl() {
    Optional<String> backend = string("storage.backend");
    if (backend.isEmpty()) {
      return Optional.empty();
    }
    return switch (backend.get()) {
      case "memory" -> Optional.of("jdbc:h2:mem:hallmark-" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=15000");
      case "h2" -> string("storage.db_url").or(() -> Optional.empty());
      case "postgres" -> Optional.of(postgresJdbc(string("storage.db_url")
          .orElseThrow(() -> new IllegalArgumentException("storage.db_url: required for the postgres backend"))));
      default -> throw new IllegalArgumentException("storage.backend: " + backend.get() + " is not a supported storage backend");
    };
  }

  private static String postgresJdbc(String dsn) {
    try {
      return PostgresDsn.toJdbc(dsn);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("storage.db_url: " + e.getMessage(), e);
    }
  }

  Optional<KeyAlgorithm> keyAlgorithm() {
    Optional<String> type = string("trust_service.type");
    if (type.isPresent() && !type.get().equals("local") && !type.get().equals("remote")) {
      throw new IllegalArgumentException("trust_service.type: must be local or remote, got " + type.get());
    }
    return string("trust_service.key_algorithm").map(a -> switch (a) {
      case "ecdsa" -> KeyAlgorithm.ECDSA;
      case "ed25519" -> KeyAlgorithm.ED25519;
      default -> throw new IllegalArgumentException("trust_service.key_algorithm: invalid key algorithm configured: " + a);
    });
  }

  /**
   * What the file asks for that Hallmark reads but does not do, one sentence each, for the start-up log:
   * a remote trust service (notary-signer) is not contacted, the server keeps its keys itself.
   */
  List<String> notHonoured() {
    List<String> out = new ArrayList<>();
    if (string("trust_service.type").filter("remote"::equals).isPresent()) {
      out.add("trust_service.type is remote: Hallmark does not use notary-signer"
          + string("trust_service.hostname").map(h -> " (" + h + ")").orElse("")
          + "; the server's timestamp and snapshot keys are created and kept encrypted in its own database"
          + " (keys held by notary-signer are not carried over)");
    }
    return out;
  }

  TrustApiConfig api() {
    return new TrustApiConfig(
        integer("caching.max_age.current_metadata").orElse(TrustApiConfig.DEFAULTS.currentMaxAge()),
        integer("caching.max_age.consistent_metadata").orElse(TrustApiConfig.DEFAULTS.consistentMaxAge()),
        strings("repositories.gun_prefixes"),
        TrustApiConfig.Limits.DEFAULTS);
  }

  Optional<String> authType() {
    return string("auth.type");
  }

  /** Token auth options ({@code auth.options.*}); the defaults of {@link AuthSettings#TOKEN} where absent. */
  AuthSettings authSettings() {
    AuthSettings d = AuthSettings.TOKEN;
    Optional<String> autoredirect = string("auth.options.autoredirect");
    Optional<String> realm = string("auth.options.realm").filter(r -> !r.isEmpty())
        .filter(r -> !autoredirect.map(Boolean::parseBoolean).orElse(false));
    List<Path> bundle = path("auth.options.rootcertbundle").map(List::of).orElse(List.of());
    return new AuthSettings(AuthSettings.Mode.TOKEN, realm, string("auth.options.service").orElse(d.service()),
        string("auth.options.issuer").orElse(d.issuer()), bundle, d.tokenLifetime());
  }
}
