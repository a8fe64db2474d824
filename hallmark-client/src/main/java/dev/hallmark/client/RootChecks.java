package dev.hallmark.client;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.Keys;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.RootCertificates;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.TufException;
import dev.hallmark.tuf.Verifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Trust decisions about root.json, as reference trustpinning/certs.go {@code ValidateRoot}: root keys
 * are certificates whose common name is the GUN; a first root must satisfy trust pinning; a new root
 * must be signed by a threshold of the previous root's keys and by its own.
 */
final class RootChecks {
  private RootChecks() {}

  static final String BOOTSTRAP = "could not validate the path to a trusted root: ";
  static final String ROTATE =
      "could not rotate trust to a new trusted root: failed to validate data with current trusted certificates";

  /**
   * The root role's certificate keys usable for checking signatures (rules of
   * {@link RootCertificates}); empty when there are none.
   */
  static Map<KeyId, PublicKey> leafKeys(Root root, Gun gun, Instant now, boolean checkExpiry) {
    try {
      return RootCertificates.validRootKeys(root, gun, now, checkExpiry);
    } catch (TufException e) {
      return Map.of();
    }
  }

  /**
   * Checks a root seen for the first time: valid leaf certificates, trust pinning, self-signature.
   *
   * @throws TrustException {@link TrustFailure.UntrustedRoot}
   */
  static void checkFirst(Signed<Root> root, Gun gun, TrustPinning pinning, Instant now, Verifier verifier) {
    Map<KeyId, PublicKey> keys = leafKeys(root.signed(), gun, now, true);
    if (keys.isEmpty()) {
      throw untrusted(BOOTSTRAP + "no valid leaf certificates found in any of the root keys");
    }
    Optional<List<KeyId>> pins = pinning.pinnedKeys(gun);
    if (pins.isPresent()) {
      Set<KeyId> allowed = new HashSet<>(pins.get());
      keys.keySet().retainAll(allowed);
    } else {
      Optional<Path> ca = pinning.pinnedCa(gun);
      if (ca.isPresent()) {
        List<X509Certificate> anchors = loadCa(ca.get(), now);
        keys.entrySet().removeIf(e -> !chainsTo(e.getValue(), anchors, now));
      } else if (pinning.disableTofu()) {
        throw untrusted(BOOTSTRAP + "invalid trust pinning specified");
      }
    }
    if (keys.isEmpty()) {
      throw untrusted(BOOTSTRAP + "unable to match any certificates to trust_pinning config");
    }
    try {
      verifier.checkThreshold(RoleName.ROOT, root, root.signed().role(RoleName.ROOT), keys);
    } catch (TufException e) {
      throw untrusted(BOOTSTRAP + e.getMessage());
    }
  }

  /**
   * Checks a root loaded from the cache: signed by its own root keys (no pinning, as notary).
   *
   * @throws TrustException {@link TrustFailure.UntrustedRoot}
   */
  static void checkCached(Signed<Root> root, Gun gun, Instant now, Verifier verifier) {
    try {
      verifier.checkThreshold(RoleName.ROOT, root, root.signed().role(RoleName.ROOT),
          leafKeys(root.signed(), gun, now, false));
    } catch (TufException e) {
      throw untrusted(BOOTSTRAP + "cached root: " + e.getMessage());
    }
  }

  /**
   * Checks one step of a rotation: {@code next} is signed by a threshold of {@code previous}'s root keys
   * (certificate expiry not checked, as reference) and by a threshold of its own (certificates valid at
   * {@code now} when {@code last}).
   *
   * @throws TrustException {@link TrustFailure.UntrustedRoot}
   */
  static void checkRotation(Signed<Root> previous, Signed<Root> next, Gun gun, Instant now, boolean last,
      Verifier verifier) {
    try {
      verifier.checkThreshold(RoleName.ROOT, next, previous.signed().role(RoleName.ROOT),
          leafKeys(previous.signed(), gun, now, false));
    } catch (TufException e) {
      throw untrusted(ROTATE + " (root version " + next.signed().version() + " is not signed by version "
          + previous.signed().version() + ")");
    }
    Map<KeyId, PublicKey> own = leafKeys(next.signed(), gun, now, last);
    try {
      verifier.checkThreshold(RoleName.ROOT, next, next.signed().role(RoleName.ROOT), own);
    } catch (TufException e) {
      throw untrusted("could not rotate trust to a new trusted root: root version " + next.signed().version()
          + " is not signed by its own root keys: " + e.getMessage());
    }
  }

  private static List<X509Certificate> loadCa(Path file, Instant now) {
    List<X509Certificate> valid = new ArrayList<>();
    try {
      for (Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
        X509Certificate x = (X509Certificate) c;
        try {
          x.checkValidity(Date.from(now));
          valid.add(x);
        } catch (GeneralSecurityException e) {
          // an expired CA in the bundle is ignored, as reference trustpinning/trustpin.go
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw untrusted(BOOTSTRAP + "could not load root cert from CA path");
    }
    if (valid.isEmpty()) {
      throw untrusted(BOOTSTRAP + "invalid CA certs provided");
    }
    return valid;
  }

  private static boolean chainsTo(PublicKey key, List<X509Certificate> anchors, Instant now) {
    try {
      List<X509Certificate> chain = Keys.certificates(key);
      var cf = CertificateFactory.getInstance("X.509");
      Set<TrustAnchor> ta = new HashSet<>();
      for (X509Certificate a : anchors) {
        ta.add(new TrustAnchor(a, null));
      }
      // the path excludes any certificate that is itself an anchor
      List<X509Certificate> path = new ArrayList<>();
      for (X509Certificate c : chain) {
        if (!anchors.contains(c)) {
          path.add(c);
        }
      }
      if (path.isEmpty()) {
        return true;
      }
      PKIXParameters params = new PKIXParameters(ta);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
      return true;
    } catch (TufException | GeneralSecurityException e) {
      return false;
    }
  }

  private static TrustException untrusted(String message) {
    return new TrustException(new TrustFailure.UntrustedRoot(message), message);
  }
}
