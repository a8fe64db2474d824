package dev.hallmark.client;

import dev.hallmark.tuf.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test PKI: ECDSA P-256 keys and certificates made with BouncyCastle, no keytool. */
final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private TestPki() {}

  static KeyPair ecKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certificate for {@code subject} signed by {@code issuerKey} (self-signed when issuer is null). */
  static X509Certificate certificate(String cn, KeyPair subject, X509Certificate issuer, PrivateKey issuerKey,
      Instant notBefore, Instant notAfter, boolean ca, boolean tlsServer) {
    try {
      X500Name subjectName = new X500Name("CN=" + cn);
      X500Name issuerName = issuer == null ? subjectName
          : new X500Name(issuer.getSubjectX500Principal().getName());
      var b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
          Date.from(notBefore), Date.from(notAfter), subjectName, subject.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
      }
      if (tlsServer) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "localhost")}));
      }
      var signer = new JcaContentSignerBuilder("SHA256withECDSA")
          .build(issuerKey == null ? subject.getPrivate() : issuerKey);
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate selfSigned(String cn, KeyPair key, Instant now, Duration validity) {
    return certificate(cn, key, null, null, now.minus(Duration.ofHours(1)), now.plus(validity), false, false);
  }

  static String pem(X509Certificate cert) {
    try {
      return new Pem("CERTIFICATE", Map.of(), dev.hallmark.tuf.Bytes.wrap(cert.getEncoded())).encode();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(PrivateKey key) {
    return new Pem("PRIVATE KEY", Map.of(), dev.hallmark.tuf.Bytes.wrap(key.getEncoded())).encode();
  }

  /** A CA and a TLS server certificate for 127.0.0.1/localhost. */
  record Tls(X509Certificate caCert, KeyPair caKey, X509Certificate serverCert, KeyPair serverKey) {
    static Tls create() {
      Instant now = Instant.now();
      KeyPair caKey = ecKey();
      X509Certificate ca = certificate("Hallmark Test CA", caKey, null, null, now.minus(Duration.ofDays(1)),
          now.plus(Duration.ofDays(30)), true, false);
      KeyPair serverKey = ecKey();
      X509Certificate server = certificate("localhost", serverKey, ca, caKey.getPrivate(),
          now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), false, true);
      return new Tls(ca, caKey, server, serverKey);
    }

    Path writeCa(Path dir) throws IOException {
      Path p = dir.resolve("ca.crt");
      Files.writeString(p, pem(caCert));
      return p;
    }

    SSLContext serverContext() {
      try {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", serverKey.getPrivate(), new char[0], new Certificate[] {serverCert, caCert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static InetAddress loopback() {
    return InetAddress.getLoopbackAddress();
  }
}
