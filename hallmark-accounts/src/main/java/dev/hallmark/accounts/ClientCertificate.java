package dev.hallmark.accounts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A client-bundle certificate the server CA issued to a user, as the account store keeps it. The
 * private key is never stored.
 *
 * @param serial the certificate's serial number, lower-case hex
 * @param subject the subject distinguished name (RFC 4514)
 * @param keyId the canonical TUF key ID of the certificate's public key
 *     ({@link dev.hallmark.tuf.PublicKey#canonicalId()})
 * @param pem the certificate, PEM
 * @param revokedAt when it was revoked; empty while it is not
 */
public record ClientCertificate(long id, String user, String serial, String subject, String keyId, String pem,
    Instant notBefore, Instant notAfter, Instant created, Optional<Instant> revokedAt) {
  public ClientCertificate {
    Objects.requireNonNull(user);
    Objects.requireNonNull(serial);
    Objects.requireNonNull(subject);
    Objects.requireNonNull(keyId);
    Objects.requireNonNull(pem);
    Objects.requireNonNull(notBefore);
    Objects.requireNonNull(notAfter);
    Objects.requireNonNull(created);
    Objects.requireNonNull(revokedAt);
  }

  /** Whether the certificate identifies its user at {@code now}: not revoked and within its validity. */
  public boolean isValidAt(Instant now) {
    return revokedAt.isEmpty() && !now.isBefore(notBefore) && !now.isAfter(notAfter);
  }
}
