package dev.hallmark.tuf.bench;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.SignatureMethod;
import dev.hallmark.tuf.Verifier;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;

/**
 * Single-thread signature verification throughput: the JDK providers against the BouncyCastle
 * lightweight path in {@link Verifier}, for ECDSA P-256 and Ed25519. Not a test; run by hand (see
 * docs/benchmarks.md). A plain timing loop, not JMH: good for ratios on one machine, not absolutes.
 */
public final class VerifyBenchmark {
  private VerifyBenchmark() {}

  interface Op {
    boolean run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
    byte[] message = new byte[600];
    Arrays.fill(message, (byte) 'a');
    Verifier verifier = new Verifier();

    var ecGen = KeyPairGenerator.getInstance("EC");
    ecGen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair ec = ecGen.generateKeyPair();
    Signature ecSigner = Signature.getInstance("SHA256withECDSAinP1363Format");
    ecSigner.initSign(ec.getPrivate());
    ecSigner.update(message);
    byte[] ecSig = ecSigner.sign();
    PublicKey ecKey = new PublicKey(KeyType.ECDSA, Bytes.wrap(ec.getPublic().getEncoded()));
    Bytes ecSigBytes = Bytes.wrap(ecSig);

    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature edSigner = Signature.getInstance("Ed25519");
    edSigner.initSign(ed.getPrivate());
    edSigner.update(message);
    byte[] edSig = edSigner.sign();
    byte[] spki = ed.getPublic().getEncoded();
    PublicKey edKey = new PublicKey(KeyType.ED25519, Bytes.wrap(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
    Bytes edSigBytes = Bytes.wrap(edSig);

    Signature jdkEc = Signature.getInstance("SHA256withECDSAinP1363Format");
    Signature jdkEd = Signature.getInstance("Ed25519");

    System.out.printf(Locale.ROOT, "java %s, %s, %d cpus, %.1f s per case%n", System.getProperty("java.version"),
        System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), seconds);
    run("ECDSA P-256  JDK SHA256withECDSAinP1363Format", seconds, () -> {
      jdkEc.initVerify(ec.getPublic());
      jdkEc.update(message);
      return jdkEc.verify(ecSig);
    });
    run("ECDSA P-256  BouncyCastle (Verifier.isValid)", seconds,
        () -> verifier.isValid(ecKey, SignatureMethod.ECDSA, message, ecSigBytes));
    run("Ed25519      JDK Ed25519", seconds, () -> {
      jdkEd.initVerify(ed.getPublic());
      jdkEd.update(message);
      return jdkEd.verify(edSig);
    });
    run("Ed25519      BouncyCastle (Verifier.isValid)", seconds,
        () -> verifier.isValid(edKey, SignatureMethod.EDDSA, message, edSigBytes));
  }

  private static void run(String name, double seconds, Op op) throws Exception {
    long warmupEnd = System.nanoTime() + (long) (seconds * 0.5e9);
    while (System.nanoTime() < warmupEnd) {
      check(op.run());
    }
    long ops = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long now;
    do {
      for (int i = 0; i < 16; i++) {
        check(op.run());
      }
      ops += 16;
      now = System.nanoTime();
    } while (now < end);
    System.out.printf(Locale.ROOT, "%-48s %10.0f ops/s%n", name, ops / ((now - start) / 1e9));
  }

  private static void check(boolean ok) {
    if (!ok) {
      throw new IllegalStateException("signature did not verify");
    }
  }
}
