package dev.hallmark.tuf;

/** Signature methods notary 0.7 verifies (reference tuf/signed/verifiers.go). */
public enum SignatureMethod {
  /** ECDSA over SHA-256 (on every curve), signature raw {@code r||s}. */
  ECDSA("ecdsa"),
  /** RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32 bytes. */
  RSAPSS("rsapss"),
  /** RSASSA-PKCS1-v1_5 with SHA-256; verified, never produced. */
  RSA_PKCS1V15("rsapkcs1v15"),
  /** PSS as produced by PyCrypto, for RSA keys given as PEM; verified, never produced. */
  PYCRYPTO_PSS("pycrypto-pkcs#1 pss"),
  /** Ed25519. */
  EDDSA("eddsa");

  private final String wireName;

  SignatureMethod(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Parses a {@code method}, which notary lower-cases first. @throws TufException when unknown */
  public static SignatureMethod fromWire(String s) {
    for (SignatureMethod m : values()) {
      if (m.wireName.equals(s)) {
        return m;
      }
    }
    throw new TufException(TufException.Kind.INVALID_METADATA, "unsupported signature method: " + s);
  }
}
