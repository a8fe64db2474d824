package dev.hallmark.registry.access;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What a request presents to prove who sends it.
 *
 * @param authorization the {@code Authorization} header, empty when absent (never logged)
 * @param clientCertificates the verified TLS client certificate chain (client bundles), empty without mTLS
 */
public record Credentials(String authorization, List<X509Certificate> clientCertificates) {
  public Credentials {
    Objects.requireNonNull(authorization);
    clientCertificates = List.copyOf(clientCertificates);
  }

  /** No credentials. */
  public static Credentials none() {
    return new Credentials("", List.of());
  }

  @Override
  public String toString() {
    return "Credentials[authorization=" + (authorization.isEmpty() ? "none" : "<redacted>")
        + ", certificates=" + clientCertificates.size() + "]";
  }
}
