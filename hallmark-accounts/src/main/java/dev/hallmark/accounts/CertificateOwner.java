package dev.hallmark.accounts;

import java.util.Objects;

/**
 * The user a valid client-bundle certificate belongs to.
 *
 * @param certificateId the certificate's row ID (what {@code DELETE …/certificates/{id}} revokes)
 * @param serial the certificate's serial number, lower-case hex
 */
public record CertificateOwner(String user, long certificateId, String serial) {
  public CertificateOwner {
    Objects.requireNonNull(user);
    Objects.requireNonNull(serial);
  }
}
