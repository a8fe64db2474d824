package dev.hallmark.tuf;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Conversions between metadata keys, certificates and plain keys. */
public final class Keys {
  private Keys() {}

  /**
   * The certificates of an {@code ecdsa-x509}/{@code rsa-x509} key, leaf first.
   *
   * @throws TufException when the key holds no parseable certificate
   */
  public static List<X509Certificate> certificates(PublicKey key) {
    if (!key.type().isCertificate()) {
      throw new IllegalArgumentException(key.type().wireName() + " keys hold no certificate");
    }
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Pem block : Pem.decodeAll(key.pemText())) {
        if (block.type().equals("CERTIFICATE")) {
          certs.add((X509Certificate) cf.generateCertificate(
              new ByteArrayInputStream(block.content().unsafeArray())));
        }
      }
    } catch (CertificateException e) {
      throw new TufException(TufException.Kind.INVALID_METADATA, "unparseable certificate: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new TufException(TufException.Kind.INVALID_METADATA, "key holds no PEM certificate");
    }
    return certs;
  }

  /** The leaf certificate's public key as a plain {@code ecdsa} or {@code rsa} key. */
  public static PublicKey certificatePublicKey(PublicKey key) {
    X509Certificate leaf = certificates(key).getFirst();
    byte[] spki = leaf.getPublicKey().getEncoded();
    KeyType plain = switch (key.type()) {
      case ECDSA_X509 -> KeyType.ECDSA;
      case RSA_X509 -> KeyType.RSA;
      case ECDSA, RSA, ED25519 -> throw new IllegalArgumentException("not a certificate key");
    };
    return new PublicKey(plain, Bytes.wrap(spki));
  }

  /** A certificate key of the given certificate (PEM text with trailing newline, as notary writes). */
  public static PublicKey fromCertificate(X509Certificate cert) {
    try {
      String pem = new Pem("CERTIFICATE", java.util.Map.of(), Bytes.wrap(cert.getEncoded())).encode();
      KeyType type = cert.getPublicKey().getAlgorithm().equals("RSA") ? KeyType.RSA_X509 : KeyType.ECDSA_X509;
      return new PublicKey(type, Bytes.wrap(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }
}
