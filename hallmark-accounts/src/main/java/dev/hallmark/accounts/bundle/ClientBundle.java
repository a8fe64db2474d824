package dev.hallmark.accounts.bundle;

import dev.hallmark.accounts.ClientCertificate;
import dev.hallmark.tuf.Bytes;
import java.util.Objects;

/**
 * A client bundle as handed to its user once: the recorded certificate and the zip holding it with
 * its private key. The zip holds a secret: its bytes are never logged or stored.
 *
 * @param zip {@code cert.pem}, {@code key.pem}, {@code ca.pem}, optionally {@code tls-ca.pem},
 *     {@code env.sh} and {@code README.txt}
 */
public record ClientBundle(ClientCertificate certificate, Bytes zip) {
  public ClientBundle {
    Objects.requireNonNull(certificate);
    Objects.requireNonNull(zip);
  }

  @Override
  public String toString() {
    return "ClientBundle[certificate " + certificate.serial() + " of " + certificate.user() + "]";
  }
}
