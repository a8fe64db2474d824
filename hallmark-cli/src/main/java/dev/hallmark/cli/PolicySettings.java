package dev.hallmark.cli;

import dev.hallmark.client.TrustPinning;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server evaluates its signing policy.
 *
 * @param registryNames the host names clients use for this registry ({@code --registry-name}); images on
 *     other hosts are not ours. Empty: the names of the server's TLS certificate (DNS and IP subject
 *     alternative names), or {@code localhost} and {@code 127.0.0.1} with plain HTTP.
 * @param trustCacheWindow how long verified trust data is reused for decisions ({@code --policy-cache});
 *     a publish to this process is seen at once, one to another replica within the window
 * @param pinning how the evaluator trusts a collection's first root ({@code --policy-trust-pinning}, the
 *     {@code trust_pinning} section of a notary client configuration); default: the first root it reads
 *     from the store (which holds only roots its publish checks accepted)
 * @param webhookToken the bearer token kube-apiserver must present to the admission webhook
 *     ({@code --webhook-token-file}); empty: the webhook answers anyone who can reach it
 */
public record PolicySettings(List<String> registryNames, Duration trustCacheWindow, TrustPinning pinning,
    Optional<String> webhookToken) {
  public static final PolicySettings DEFAULTS = new PolicySettings(List.of(), Duration.ofSeconds(10), TrustPinning.TOFU,
      Optional.empty());
  /** The shortest webhook token accepted: a guessable token protects nothing. */
  public static final int MIN_TOKEN_LENGTH = 32;

  public PolicySettings(List<String> registryNames, Duration trustCacheWindow) {
    this(registryNames, trustCacheWindow, TrustPinning.TOFU, Optional.empty());
  }

  public PolicySettings(List<String> registryNames, Duration trustCacheWindow, TrustPinning pinning) {
    this(registryNames, trustCacheWindow, pinning, Optional.empty());
  }

  public PolicySettings {
    registryNames = List.copyOf(registryNames);
    Objects.requireNonNull(trustCacheWindow);
    Objects.requireNonNull(pinning);
    Objects.requireNonNull(webhookToken);
    if (webhookToken.isPresent() && (webhookToken.get().length() < MIN_TOKEN_LENGTH
        || !webhookToken.get().chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      throw new IllegalArgumentException("--webhook-token-file: the token must be at least " + MIN_TOKEN_LENGTH
          + " printable characters without spaces (e.g. openssl rand -hex 32)");
    }
    if (trustCacheWindow.isNegative()) {
      throw new IllegalArgumentException("--policy-cache must not be negative");
    }
    for (String n : registryNames) {
      if (n.isBlank() || n.contains("/") || n.contains(" ")) {
        throw new IllegalArgumentException("--registry-name " + n + ": expected HOST or HOST:PORT");
      }
    }
  }
}
