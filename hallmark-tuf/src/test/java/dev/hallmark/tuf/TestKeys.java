package dev.hallmark.tuf;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Keys of every notary type made with the JDK, signing the way notary does (tuf/data/keys.go). */
final class TestKeys {
  private TestKeys() {}

  /** A private key with its metadata public key and the method notary signs with. */
  record Pair(PublicKey key, PrivateKey privateKey, SignatureMethod method) {
    Bytes sign(byte[] message) {
      return TestKeys.sign(privateKey, method, message);
    }
  }

  static KeyPair ec(String curve) {
    try {
      var g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair rsa(int bits) {
    try {
      var g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Pair ecdsa(KeyPair kp) {
    return new Pair(new PublicKey(KeyType.ECDSA, Bytes.wrap(kp.getPublic().getEncoded())), kp.getPrivate(),
        SignatureMethod.ECDSA);
  }

  static Pair ecdsaX509(KeyPair kp) {
    return new Pair(Keys.fromCertificate(selfSigned(kp, "CN=example.com/app")), kp.getPrivate(), SignatureMethod.ECDSA);
  }

  static Pair rsa(KeyPair kp, SignatureMethod method) {
    return new Pair(new PublicKey(KeyType.RSA, Bytes.wrap(kp.getPublic().getEncoded())), kp.getPrivate(), method);
  }

  static Pair rsaX509(KeyPair kp, SignatureMethod method) {
    return new Pair(Keys.fromCertificate(selfSigned(kp, "CN=example.com/app")), kp.getPrivate(), method);
  }

  static Pair ed25519(KeyPair kp) {
    byte[] spki = kp.getPublic().getEncoded();
    byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length); // SPKI = 12-byte prefix + key
    return new Pair(new PublicKey(KeyType.ED25519, Bytes.wrap(raw)), kp.getPrivate(), SignatureMethod.EDDSA);
  }

  /** Signs as notary: ECDSA over SHA-256 as raw r||s (P1363), PSS salt 32, Ed25519 over the message. */
  static Bytes sign(PrivateKey key, SignatureMethod method, byte[] message) {
    try {
      java.security.Signature s = switch (method) {
        case ECDSA -> java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        case RSAPSS, PYCRYPTO_PSS -> {
          var pss = java.security.Signature.getInstance("RSASSA-PSS");
          pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
          yield pss;
        }
        case RSA_PKCS1V15 -> java.security.Signature.getInstance("SHA256withRSA");
        case EDDSA -> java.security.Signature.getInstance("Ed25519");
      };
      s.initSign(key);
      s.update(message);
      return Bytes.wrap(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A self-signed certificate (SHA-256 with ECDSA or RSA), valid for ten years. */
  static X509Certificate selfSigned(KeyPair kp, String subject) {
    try {
      boolean ec = kp.getPublic().getAlgorithm().equals("EC");
      AlgorithmIdentifier alg = ec
          ? new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256)
          : new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
      var g = new V3TBSCertificateGenerator();
      g.setSerialNumber(new ASN1Integer(BigInteger.valueOf(System.nanoTime())));
      g.setIssuer(new X500Name(subject));
      g.setSubject(new X500Name(subject));
      long now = System.currentTimeMillis();
      g.setStartDate(new Time(new Date(now - 60_000)));
      g.setEndDate(new Time(new Date(now + 3650L * 24 * 3600 * 1000)));
      g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()));
      g.setSignature(alg);
      TBSCertificate tbs = g.generateTBSCertificate();
      var s = java.security.Signature.getInstance(ec ? "SHA256withECDSA" : "SHA256withRSA");
      s.initSign(kp.getPrivate());
      s.update(tbs.getEncoded(ASN1Encoding.DER));
      byte[] der = new DERSequence(new ASN1Encodable[] {tbs, alg, new DERBitString(s.sign())}).getEncoded(ASN1Encoding.DER);
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
