package dev.hallmark.accounts.bundle;

import dev.hallmark.accounts.AccountException;
import dev.hallmark.accounts.AccountStore;
import dev.hallmark.accounts.ClientCertificate;
import dev.hallmark.keys.KeyFileCodec;
import dev.hallmark.keys.KeyRole;
import dev.hallmark.keys.Passphrase;
import dev.hallmark.keys.PrivateKey;
import dev.hallmark.tuf.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Makes client bundles (what UCP called them): a new ECDSA P-256 key made on the server, a certificate
 * for it tied to the user ({@code CN=<user>, O=hallmark}, issued by the {@link BundleAuthority} and
 * recorded in the {@link AccountStore}), and the zip the user downloads. The private key is returned
 * once, in the zip, and never stored.
 *
 * {@snippet :
 * ClientBundle b = bundles.create("alice", URI.create("https://registry.example:443"), ClientBundles.DEFAULT_VALIDITY);
 * }
 */
public final class ClientBundles {
  /** The default lifetime of a bundle certificate. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
  /** The longest lifetime a caller may ask for. */
  public static final Duration MAX_VALIDITY = Duration.ofDays(3650);

  private final AccountStore store;
  private final BundleAuthority ca;
  private final Path tlsCaFile;
  private final Clock clock;
  private final KeyFileCodec keyFiles = new KeyFileCodec();

  /**
   * @param tlsCaFile the CA of the server's TLS certificate ({@code <data-dir>/tls/ca.crt} when the
   *     server made its own); added to bundles as {@code tls-ca.pem} when the file exists
   */
  public ClientBundles(AccountStore store, BundleAuthority ca, Path tlsCaFile, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.ca = Objects.requireNonNull(ca);
    this.tlsCaFile = Objects.requireNonNull(tlsCaFile);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Creates a bundle for a user.
   *
   * @param server the URL clients reach this server at, written into {@code env.sh}
   * @throws AccountException {@code NO_SUCH_ACCOUNT} for an unknown user or an organisation,
   *     {@code INVALID_ARGUMENT} for a validity outside one day to {@link #MAX_VALIDITY} or past the CA's own
   */
  public ClientBundle create(String user, URI server, Duration validity) {
    if (validity.compareTo(Duration.ofDays(1)) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
      throw new AccountException(AccountException.Code.INVALID_ARGUMENT, "validity must be 1 to "
          + MAX_VALIDITY.toDays() + " days");
    }
    if (store.get(user).isOrg()) { // NO_SUCH_ACCOUNT before any key is made
      throw new AccountException(AccountException.Code.NO_SUCH_ACCOUNT, user + " is not a user");
    }
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.NONE);
    Instant now = clock.instant();
    var certificate = issue(user, key, now, now.plus(validity));
    ClientCertificate recorded = store.addCertificate(user, certificate);
    Map<String, String> files = new LinkedHashMap<>();
    files.put("cert.pem", recorded.pem());
    files.put("key.pem", keyFiles.encode(key, Passphrase.empty()));
    files.put("ca.pem", ca.certificatePem());
    String tlsCa = tlsCa();
    if (!tlsCa.isEmpty()) {
      files.put("tls-ca.pem", tlsCa);
    }
    files.put("env.sh", envScript(recorded, server, !tlsCa.isEmpty()));
    files.put("README.txt", readme(recorded));
    return new ClientBundle(recorded, zip(files));
  }

  private java.security.cert.X509Certificate issue(String user, PrivateKey key, Instant from, Instant until) {
    try {
      return ca.issue(user, key.publicKey(), from, until);
    } catch (IllegalArgumentException e) {
      throw new AccountException(AccountException.Code.INVALID_ARGUMENT, e.getMessage());
    }
  }

  private String tlsCa() {
    try {
      return Files.readString(tlsCaFile, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sourced from the unpacked bundle's directory; sets only what the clients read. */
  static String envScript(ClientCertificate c, URI server, boolean withTlsCa) {
    String url = server.toString().replaceAll("/+$", "");
    String hostPort = server.getPort() < 0 ? server.getHost() : server.getHost() + ":" + server.getPort();
    var sb = new StringBuilder();
    sb.append("# Hallmark client bundle of ").append(c.user()).append(": certificate ").append(c.serial())
        .append(", valid until ").append(c.notAfter()).append(".\n");
    sb.append("# Use it from the directory it was unpacked in:  . ./env.sh\n");
    sb.append("export DOCKER_CONTENT_TRUST_SERVER=").append(url).append('\n');
    sb.append("export HALLMARK_URL=").append(url).append('\n');
    if (withTlsCa) {
      sb.append("export HALLMARK_CA_FILE=\"$(pwd)/tls-ca.pem\"\n");
      sb.append("# notary and hallmark: -s \"$HALLMARK_URL\" --tlscacert \"$HALLMARK_CA_FILE\"\n");
      sb.append("# docker: mkdir -p ~/.docker/tls/").append(hostPort).append(" && cp tls-ca.pem ~/.docker/tls/")
          .append(hostPort).append("/ca.crt\n");
    } else {
      sb.append("# notary and hallmark: -s \"$HALLMARK_URL\"\n");
    }
    return sb.toString();
  }

  static String readme(ClientCertificate c) {
    return """
        Hallmark client bundle of %1$s
        certificate serial %2$s, key ID %3$s, valid %4$s to %5$s

        cert.pem    your certificate (CN=%1$s, O=hallmark), issued by the server's bundle CA
        key.pem     its private key, unencrypted: keep it 0600, the server holds no copy
        ca.pem      the bundle CA certificate
        tls-ca.pem  the CA of the server's TLS certificate (when the server made its own)
        env.sh      server URL and TLS hints:  . ./env.sh

        Sign with it:
          docker trust key load key.pem --name %1$s
          notary key import key.pem -r targets/releases      (or hallmark key import)
        An owner delegates to it:
          notary delegation add --publish GUN targets/releases --all-paths cert.pem
          hallmark delegate --user %1$s --team ORG/TEAM GUN   (targets/releases and targets/TEAM at once)
        """.formatted(c.user(), c.serial(), c.keyId(), c.notBefore(), c.notAfter());
  }

  private static Bytes zip(Map<String, String> files) {
    var bytes = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(bytes)) {
      for (var f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return Bytes.wrap(bytes.toByteArray());
  }
}
