package dev.hallmark.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The ECDSA P-256 key that signs tokens, and its self-signed certificate (the {@code x5c} of every
 * token and the {@code rootcertbundle} a notary-server would be given). Kept as PEM files, the key
 * 0600. No {@code toString}, {@code equals} or {@code hashCode} that could reveal the key.
 */
public final class TokenSigningKey {
  private static final String KEY_FILE = "token.key";
  private static final String CERT_FILE = "token.crt";

  private final ECPrivateKey privateKey;
  private final X509Certificate certificate;

  private TokenSigningKey(ECPrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  /**
   * Reads the key and certificate from {@code dir}, creating them (10-year certificate) on first use.
   *
   * @throws IOException when the files cannot be read or written
   */
  public static TokenSigningKey loadOrCreate(Path dir, Clock clock) throws IOException {
    Path keyFile = dir.resolve(KEY_FILE);
    Path certFile = dir.resolve(CERT_FILE);
    if (!Files.exists(keyFile)) {
      Files.createDirectories(dir);
      TokenSigningKey fresh = generate(clock);
      Path tmp = dir.resolve(KEY_FILE + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, pem("PRIVATE KEY", fresh.privateKey.getEncoded()), StandardCharsets.US_ASCII);
      Files.writeString(certFile, fresh.certificatePem(), StandardCharsets.US_ASCII);
      Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return fresh;
    }
    try {
      byte[] der = unpem(Files.readString(keyFile, StandardCharsets.US_ASCII), "PRIVATE KEY");
      var key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
      var cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certFile)));
      return new TokenSigningKey(key, cert);
    } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
      throw new IOException(dir + ": unreadable token signing key: " + e.getMessage(), e);
    }
  }

  /** A new key with a self-signed certificate, not stored. */
  public static TokenSigningKey generate(Clock clock) {
    try {
      var gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = gen.generateKeyPair();
      Instant now = clock.instant();
      var name = new X500Name("CN=hallmark token signer");
      var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new TokenSigningKey((ECPrivateKey) pair.getPrivate(), cert);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create a token signing key", e);
    }
  }

  /** The certificate that verifies this key's tokens. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The public key. */
  public ECPublicKey publicKey() {
    return (ECPublicKey) certificate.getPublicKey();
  }

  /** The libtrust key ID of the public key, the {@code kid} of tokens. */
  public LibtrustKeyId keyId() {
    return LibtrustKeyId.of(certificate.getPublicKey());
  }

  /** The certificate as PEM, for a {@code rootcertbundle}. */
  public String certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  ECPrivateKey privateKey() {
    return privateKey;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] unpem(String text, String type) {
    int b = text.indexOf("-----BEGIN " + type + "-----");
    int e = text.indexOf("-----END " + type + "-----");
    if (b < 0 || e < b) {
      throw new IllegalArgumentException("no " + type + " PEM block");
    }
    return Base64.getMimeDecoder().decode(text.substring(b + type.length() + 16, e));
  }

  @Override
  public String toString() {
    return "TokenSigningKey[kid=" + keyId() + "]";
  }
}
