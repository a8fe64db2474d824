package dev.hallmark.tuf;

/** Key types of notary 0.7 and how each encodes its public part (reference tuf/data/keys.go). */
public enum KeyType {
  /** ECDSA; public = DER SubjectPublicKeyInfo. */
  ECDSA("ecdsa", false),
  /** ECDSA; public = PEM certificate (leaf first). */
  ECDSA_X509("ecdsa-x509", true),
  /** RSA; public = DER SubjectPublicKeyInfo. */
  RSA("rsa", false),
  /** RSA; public = PEM certificate. */
  RSA_X509("rsa-x509", true),
  /** Ed25519; public = the raw 32-byte key. */
  ED25519("ed25519", false);

  private final String wireName;
  private final boolean certificate;

  KeyType(String wireName, boolean certificate) {
    this.wireName = wireName;
    this.certificate = certificate;
  }

  /** The {@code keytype} string in metadata. */
  public String wireName() {
    return wireName;
  }

  /** Whether the public part is an X.509 certificate. */
  public boolean isCertificate() {
    return certificate;
  }

  /** Parses a {@code keytype}. @throws TufException for an unknown type */
  public static KeyType fromWire(String s) {
    for (KeyType t : values()) {
      if (t.wireName.equals(s)) {
        return t;
      }
    }
    throw new TufException(TufException.Kind.INVALID_METADATA, "unsupported key type: " + s);
  }
}
