package dev.hallmark.accounts.bundle;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Pem;
import dev.hallmark.tuf.PublicKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The server CA that issues client-bundle certificates: an ECDSA P-256 key and its self-signed
 * certificate, made on first start in {@code <data-dir>/ca/} (directory 0700) and loaded afterwards.
 * The key file ({@code ca.key}, 0600) is PKCS#8 encrypted with AES-256-CBC under PBKDF2-HMAC-SHA256
 * with the server's key passphrase; the certificate is {@code ca.pem}.
 *
 * <p>No {@code toString}, {@code equals} or {@code hashCode} that could reveal the key.
 */
public final class BundleAuthority {
  static final String KEY_FILE = "ca.key";
  static final String CERT_FILE = "ca.pem";
  /** The CA certificate's lifetime; bundles it issues must end before it does. */
  static final Duration CA_VALIDITY = Duration.ofDays(10 * 365);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final PrivateKey key;
  private final X509Certificate certificate;
  private final SecureRandom random = new SecureRandom();

  private BundleAuthority(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.certificate = certificate;
  }

  /**
   * Loads the CA from {@code dir}, creating it on first use.
   *
   * @param passphrase encrypts the key at rest (the server's signer passphrase)
   * @throws IOException when the files cannot be written, read or decrypted
   */
  public static BundleAuthority loadOrCreate(Path dir, char[] passphrase, Clock clock) throws IOException {
    Path keyFile = dir.resolve(KEY_FILE);
    Path certFile = dir.resolve(CERT_FILE);
    if (Files.exists(keyFile) && Files.exists(certFile)) {
      return load(keyFile, certFile, passphrase);
    }
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    BundleAuthority ca = create(clock.instant());
    // the certificate first: a key file without its certificate would be a CA nobody can load
    writeAtomically(certFile, ca.certificatePem(), false);
    writeAtomically(keyFile, ca.encryptedKey(passphrase), true);
    return ca;
  }

  private static BundleAuthority create(Instant now) throws IOException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = g.generateKeyPair();
      X500Name name = name("Hallmark client bundle CA");
      var builder = new X509v3CertificateBuilder(name, serial(new SecureRandom()), seconds(now.minus(Duration.ofHours(1))),
          seconds(now.plus(CA_VALIDITY)), name, SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
      return new BundleAuthority(pair.getPrivate(), x509(builder.build(new JcaContentSignerBuilder(SIGNATURE)
          .build(pair.getPrivate())).getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create the client bundle CA: " + e.getMessage(), e);
    }
  }

  private static BundleAuthority load(Path keyFile, Path certFile, char[] passphrase) throws IOException {
    try (var parser = new PEMParser(new StringReader(Files.readString(keyFile, StandardCharsets.US_ASCII)))) {
      if (!(parser.readObject() instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
        throw new IOException(keyFile + ": not an encrypted PKCS#8 key");
      }
      var info = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
          .setProvider(new BouncyCastleProvider()).build(passphrase));
      PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
      Pem block = Pem.decodeFirst(Files.readString(certFile, StandardCharsets.US_ASCII));
      if (block == null || !block.type().equals("CERTIFICATE")) {
        throw new IOException(certFile + ": no PEM certificate");
      }
      return new BundleAuthority(key, x509(block.content().unsafeArray()));
    } catch (PKCSException e) {
      throw new IOException(keyFile + ": cannot decrypt the client bundle CA key (wrong passphrase?)", e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException(keyFile + ": unusable client bundle CA: " + e.getMessage(), e);
    }
  }

  /** The CA certificate, which every bundle certificate chains to. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The CA certificate as PEM ({@code ca.pem} of a bundle). */
  public String certificatePem() {
    try {
      return new Pem("CERTIFICATE", Map.of(), Bytes.wrap(certificate.getEncoded())).encode();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the CA certificate cannot be encoded", e);
    }
  }

  /**
   * Issues a client certificate for a user's key: subject {@code CN=<user>, O=hallmark}, extended key
   * usage clientAuth, digitalSignature, not a CA, a random 128-bit serial, signed with ECDSA-SHA256
   * (notary refuses SHA-1 certificates: reference tuf/utils/x509.go {@code ValidateCertificate}).
   *
   * @param subjectKey a plain {@code ecdsa} public key (DER SubjectPublicKeyInfo)
   * @throws IllegalArgumentException when the validity does not lie within the CA's own
   */
  public X509Certificate issue(String user, PublicKey subjectKey, Instant notBefore, Instant notAfter) {
    Objects.requireNonNull(user);
    Instant from = notBefore.truncatedTo(ChronoUnit.SECONDS);
    Instant until = notAfter.truncatedTo(ChronoUnit.SECONDS);
    if (!from.isBefore(until) || until.isAfter(certificate.getNotAfter().toInstant())) {
      throw new IllegalArgumentException("a bundle certificate must end after it starts and before the CA ("
          + certificate.getNotAfter().toInstant() + ")");
    }
    try {
      var builder = new X509v3CertificateBuilder(name(certificate), serial(random), Date.from(from), Date.from(until),
          new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, user).addRDN(BCStyle.O, "hallmark").build(),
          SubjectPublicKeyInfo.getInstance(subjectKey.publicBytes().unsafeArray()));
      var ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      return x509(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)).getEncoded());
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a client certificate: " + e.getMessage(), e);
    }
  }

  private String encryptedKey(char[] passphrase) throws IOException {
    try {
      // the JDK's providers know AES-CBC only under other names: BouncyCastle's, as an instance (never registered)
      var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
          .setPRF(JcaPKCS8Generator.PRF_HMACSHA256).setIterationCount(210_000).setRandom(random)
          .setPassword(passphrase).build();
      var out = new StringWriter();
      try (var w = new JcaPEMWriter(out)) {
        w.writeObject(new JcaPKCS8Generator(key, encryptor));
      }
      return out.toString();
    } catch (OperatorCreationException e) {
      throw new IOException("cannot encrypt the client bundle CA key: " + e.getMessage(), e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, "hallmark").build();
  }

  private static X500Name name(X509Certificate issuer) {
    return X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(128, random).setBit(127); // positive, always 16 bytes
  }

  private static Date seconds(Instant t) {
    return Date.from(t.truncatedTo(ChronoUnit.SECONDS));
  }

  private static X509Certificate x509(byte[] der) throws GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static void writeAtomically(Path file, String content, boolean secret) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
