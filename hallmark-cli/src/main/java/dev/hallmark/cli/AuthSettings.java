package dev.hallmark.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server authenticates: not at all, or Docker token auth with its own token endpoint and
 * accounts (notary-server's {@code auth.type: token} options, reference section 8.1).
 *
 * @param realm the token endpoint in challenges; empty means {@code https://<Host>/auth/token}
 * @param service the challenge {@code service} and the token audience
 * @param issuer the token issuer
 * @param rootCertBundle extra PEM files of token signers to trust besides the server's own key
 * @param tokenLifetime lifetime of issued tokens
 */
public record AuthSettings(Mode mode, Optional<String> realm, String service, String issuer, List<Path> rootCertBundle,
    Duration tokenLifetime) {
  /** Whether auth is on. */
  public enum Mode { NONE, TOKEN }

  /** No auth: every request is served (development and tests). */
  public static final AuthSettings NONE = new AuthSettings(Mode.NONE, Optional.empty(), "hallmark", "hallmark", List.of(),
      Duration.ofMinutes(5));

  /** Token auth with the defaults: service and issuer {@code hallmark}, five-minute tokens. */
  public static final AuthSettings TOKEN = new AuthSettings(Mode.TOKEN, Optional.empty(), "hallmark", "hallmark", List.of(),
      Duration.ofMinutes(5));

  public AuthSettings {
    Objects.requireNonNull(mode);
    Objects.requireNonNull(realm);
    if (service.isEmpty() || issuer.isEmpty()) {
      throw new IllegalArgumentException("auth.options: service and issuer must not be empty");
    }
    rootCertBundle = List.copyOf(rootCertBundle);
  }
}
