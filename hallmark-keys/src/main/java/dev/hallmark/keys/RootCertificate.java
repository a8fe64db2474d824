package dev.hallmark.keys;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.Keys;
import dev.hallmark.tuf.PublicKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate notary puts in root.json for a repository's root key (reference
 * cryptoservice/certificate.go, tuf/utils/x509.go {@code NewCertificate}, client/client.go
 * {@code rootCertKey}).
 */
public final class RootCertificate {
  /** notary's hard-coded lifetime: ten 365-day years (reference const.go {@code Year}). */
  public static final Duration VALIDITY = Duration.ofDays(10 * 365);

  private RootCertificate() {}

  /**
   * Issues the root certificate of a repository: X.509 v3, self-signed with ecdsa-with-SHA256,
   * subject and issuer {@code CN=<gun>}, a random serial below 2^128, valid from now for
   * {@link #VALIDITY}, key usage digitalSignature+keyEncipherment (critical), extended key usage
   * codeSigning, basic constraints CA:FALSE (critical), nothing else.
   *
   * @return the {@code ecdsa-x509} key whose canonical ID is the private key's ID
   * @throws IllegalArgumentException for a key other than ECDSA (notary creates no RSA roots)
   */
  public static PublicKey issue(PrivateKey rootKey, Gun gun, Clock clock) {
    return issue(rootKey, gun, clock.instant(), clock.instant().plus(VALIDITY));
  }

  /** Issues a root certificate valid between the given instants (truncated to seconds). */
  public static PublicKey issue(PrivateKey rootKey, Gun gun, Instant notBefore, Instant notAfter) {
    if (rootKey.type() != KeyType.ECDSA) {
      throw new IllegalArgumentException("root certificates are issued for ECDSA keys only");
    }
    X500Name name = new X500Name(new RDN[] {new RDN(BCStyle.CN, commonName(gun.value()))});
    BigInteger serial = new BigInteger(128, new SecureRandom());
    try {
      var builder = new X509v3CertificateBuilder(name, serial,
          Date.from(notBefore.truncatedTo(ChronoUnit.SECONDS)), Date.from(notAfter.truncatedTo(ChronoUnit.SECONDS)),
          name, SubjectPublicKeyInfo.getInstance(rootKey.publicKey().publicBytes().unsafeArray()));
      // the extension order of Go's x509.CreateCertificate
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(rootKey.jdkKey());
      byte[] der = builder.build(signer).getEncoded();
      var cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
      return Keys.fromCertificate(cert);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("root certificate generation failed", e);
    }
  }

  /** Go's asn1 writes a PrintableString when every character allows it, else UTF8String. */
  private static ASN1Encodable commonName(String cn) {
    for (int i = 0; i < cn.length(); i++) {
      char c = cn.charAt(i);
      boolean printable = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || " '()+,-./:=?".indexOf(c) >= 0;
      if (!printable) {
        return new DERUTF8String(cn);
      }
    }
    return new DERPrintableString(cn);
  }
}
