package dev.hallmark.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS trust from a PEM file of CA certificates ({@code --tlscacert}, {@code DIR/tls/ca.crt}): the one
 * place every client of a Hallmark or notary server builds it.
 */
public final class TlsTrust {
  private TlsTrust() {}

  /** A TLS context trusting exactly the certificates in {@code caFile}. @throws IOException when it holds none */
  public static SSLContext context(Path caFile) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trustManagers(caFile), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException(caFile + ": unusable CA file: " + e.getMessage(), e);
    }
  }

  /** Trust managers for the certificates in {@code caFile}. @throws IOException when it holds none */
  public static TrustManager[] trustManagers(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca" + i++, c);
      }
      if (i == 0) {
        throw new IOException("no certificates in " + caFile);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IOException(caFile + ": unusable CA file: " + e.getMessage(), e);
    }
  }
}
