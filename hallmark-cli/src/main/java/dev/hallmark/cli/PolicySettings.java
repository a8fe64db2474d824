package dev.hallmark.cli;

import dev.hallmark.client.TrustPinning;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
 */
public record PolicySettings(List<String> registryNames, Duration trustCacheWindow, TrustPinning pinning) {
  public static final PolicySettings DEFAULTS = new PolicySettings(List.of(), Duration.ofSeconds(10), TrustPinning.TOFU);

  public PolicySettings(List<String> registryNames, Duration trustCacheWindow) {
    this(registryNames, trustCacheWindow, TrustPinning.TOFU);
  }

  public PolicySettings {
    registryNames = List.copyOf(registryNames);
    Objects.requireNonNull(trustCacheWindow);
    Objects.requireNonNull(pinning);
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
