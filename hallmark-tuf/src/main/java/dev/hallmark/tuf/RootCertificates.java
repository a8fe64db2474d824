package dev.hallmark.tuf;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Which keys of a root role count as root keys: X.509 leaf certificates whose common name is the
 * GUN (or a {@code prefix*} wildcard covering it), not signed with SHA-1, RSA keys of at least 2048
 * bits, and (when checked) within their validity window with one day of leeway on the start
 * (reference trustpinning/certs.go {@code validRootLeafCerts}, tuf/utils/x509.go
 * {@code ValidateCertificate}). Plain keys never count.
 */
public final class RootCertificates {
  private static final Set<String> SHA1_ALGORITHMS = Set.of(
      "1.2.840.113549.1.1.5", "1.2.840.10045.4.1", "1.2.840.10040.4.3");

  private RootCertificates() {}

  /**
   * The root role keys of {@code root} that are valid certificates for {@code gun}, by key ID.
   *
   * @throws TufException of kind {@code BAD_ROOT} when there is none
   */
  public static Map<KeyId, PublicKey> validRootKeys(Root root, Gun gun, Instant now, boolean checkExpiry) {
    Map<KeyId, PublicKey> valid = new LinkedHashMap<>();
    for (KeyId id : root.role(RoleName.ROOT).keyIds()) {
      PublicKey key = root.keys().get(id);
      if (key == null || !key.type().isCertificate()) {
        continue;
      }
      X509Certificate leaf;
      try {
        List<X509Certificate> chain = Keys.certificates(key);
        leaf = chain.getFirst();
      } catch (TufException e) {
        continue;
      }
      if (leaf.getBasicConstraints() >= 0) {
        continue; // a CA certificate is not a leaf
      }
      if (!matchesGun(commonName(leaf), gun) || problem(leaf, now, checkExpiry) != null) {
        continue;
      }
      valid.put(id, key);
    }
    if (valid.isEmpty()) {
      throw new TufException(TufException.Kind.BAD_ROOT,
          "no valid leaf certificates found in any of the root keys");
    }
    return valid;
  }

  /** Why a certificate cannot be a root key, or {@code null}. */
  public static String problem(X509Certificate c, Instant now, boolean checkExpiry) {
    if (c.getNotBefore().after(c.getNotAfter())) {
      return "certificate validity window is invalid";
    }
    if (SHA1_ALGORITHMS.contains(c.getSigAlgOID())) {
      return "certificate uses an SHA-1 signature algorithm";
    }
    if (c.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
      return "RSA bit length is too short";
    }
    if (checkExpiry) {
      Instant tomorrow = now.plus(Duration.ofDays(1));
      if (tomorrow.isBefore(c.getNotBefore().toInstant()) || now.isAfter(c.getNotAfter().toInstant())) {
        return "certificate with CN " + commonName(c) + " is expired";
      }
    }
    return null;
  }

  /** Whether a certificate's common name names the GUN: equal, or a {@code prefix*} wildcard. */
  public static boolean matchesGun(String cn, Gun gun) {
    if (cn.endsWith("*")) {
      return gun.value().startsWith(cn.substring(0, cn.length() - 1));
    }
    return cn.equals(gun.value());
  }

  /** The subject common name, or an empty string. */
  public static String commonName(X509Certificate c) {
    String dn = c.getSubjectX500Principal().getName(X500Principal.RFC2253);
    try {
      for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      return "";
    }
    return "";
  }
}
