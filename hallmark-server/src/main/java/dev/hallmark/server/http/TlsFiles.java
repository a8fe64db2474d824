package dev.hallmark.server.http;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS certificate and key as PEM files, and the self-made CA that signs them when the
 * operator brings none: created on first start in {@code <data-dir>/tls/}, reused afterwards.
 *
 * @param certificate PEM certificate chain, leaf first
 * @param key PEM private key (PKCS#8, SEC1 or PKCS#1)
 */
public record TlsFiles(Path certificate, Path key) {

  /** The files in {@code <dataDir>/tls/}, created with a new CA if absent. Files are 0600. */
  public static TlsFiles selfManaged(Path dataDir, Clock clock) throws IOException {
    Path dir = dataDir.resolve("tls");
    Path caCert = dir.resolve("ca.crt");
    Path caKey = dir.resolve("ca.key");
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    if (Files.exists(cert) && Files.exists(key) && Files.exists(caCert)) {
      return new TlsFiles(cert, key);
    }
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      Instant now = clock.instant();
      KeyPair ca = newKeyPair();
      X500Name caName = new X500Name("CN=Hallmark local CA,O=Hallmark");
      var caBuilder = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(Duration.ofDays(3650))), caName, ca.getPublic());
      var ext = new JcaX509ExtensionUtils();
      caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      caBuilder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
      X509Certificate caCertificate = sign(caBuilder.build(signer(ca.getPrivate())));

      KeyPair server = newKeyPair();
      var builder = new JcaX509v3CertificateBuilder(caCertificate, serial(), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(Duration.ofDays(825))), new X500Name("CN=localhost"), server.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
          new GeneralName(GeneralName.iPAddress, "::1")}));
      builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate));
      X509Certificate serverCertificate = sign(builder.build(signer(ca.getPrivate())));

      writePrivate(caKey, pem(ca.getPrivate()));
      writePrivate(key, pem(server.getPrivate()));
      writePublic(cert, pem(serverCertificate) + pem(caCertificate));
      writePublic(caCert, pem(caCertificate));
      return new TlsFiles(cert, key);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create TLS certificates: " + e.getMessage(), e);
    }
  }

  /** The key and chain as a PKCS#12 key store (alias {@code server}, given password). */
  public KeyStore toKeyStore(char[] password) throws IOException {
    try {
      List<Certificate> chain = new ArrayList<>();
      var converter = new JcaX509CertificateConverter();
      try (Reader r = Files.newBufferedReader(certificate, StandardCharsets.US_ASCII); var p = new PEMParser(r)) {
        for (Object o = p.readObject(); o != null; o = p.readObject()) {
          if (o instanceof X509CertificateHolder h) {
            chain.add(converter.getCertificate(h));
          }
        }
      }
      if (chain.isEmpty()) {
        throw new IOException(certificate + ": no PEM certificate");
      }
      PrivateKey privateKey = null;
      try (Reader r = Files.newBufferedReader(key, StandardCharsets.US_ASCII); var p = new PEMParser(r)) {
        var keys = new JcaPEMKeyConverter();
        for (Object o = p.readObject(); o != null && privateKey == null; o = p.readObject()) {
          if (o instanceof PEMKeyPair kp) {
            privateKey = keys.getKeyPair(kp).getPrivate();
          } else if (o instanceof PrivateKeyInfo pki) {
            privateKey = keys.getPrivateKey(pki);
          }
        }
      }
      if (privateKey == null) {
        throw new IOException(key + ": no unencrypted PEM private key");
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", privateKey, password, chain.toArray(new Certificate[0]));
      return ks;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load TLS key and certificate: " + e.getMessage(), e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(128, new SecureRandom());
  }

  private static org.bouncycastle.operator.ContentSigner signer(PrivateKey key) throws OperatorCreationException {
    return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
  }

  private static X509Certificate sign(X509CertificateHolder h) throws GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(h);
  }

  private static String pem(Object o) throws IOException {
    var sw = new java.io.StringWriter();
    try (var w = new JcaPEMWriter(sw)) {
      w.writeObject(o instanceof PrivateKey pk ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pk, null) : o);
    }
    return sw.toString();
  }

  private static void writePrivate(Path p, String content) throws IOException {
    Files.deleteIfExists(p);
    Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(p, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static void writePublic(Path p, String content) throws IOException {
    Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Whether a host is a loopback name this certificate covers (for messages). */
  static boolean isLoopback(String host) throws IOException {
    return InetAddress.getByName(host).isLoopbackAddress();
  }
}
