package dev.hallmark.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies bearer tokens as docker distribution v2.7.1's token access controller does, the rules
 * notary-server 0.7 applies (reference section 8.3, distribution registry/auth/token/token.go):
 * <ol>
 *   <li>a compact JWS signed with ES256/384/512 or RS256/384/512 (never {@code none} or HMAC);
 *   <li>the key comes from {@code x5c} (chain to a trusted certificate, leaf first), else from
 *       {@code jwk} (its libtrust ID must be a trusted certificate's), else from {@code kid} (the
 *       libtrust ID of a trusted certificate's key);
 *   <li>{@code iss} is the issuer, {@code aud} the service, {@code now ≤ exp + 60 s},
 *       {@code now ≥ nbf − 60 s}.
 * </ol>
 */
public final class TokenVerifier {
  /** distribution's token.Leeway. */
  static final Duration LEEWAY = Duration.ofSeconds(60);
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
      JWSAlgorithm.ES512, JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);

  private final String issuer;
  private final String service;
  private final List<X509Certificate> trusted;
  private final Map<String, PublicKey> byKeyId = new HashMap<>();
  private final Set<TrustAnchor> anchors = new HashSet<>();
  private final Clock clock;
  private static final int CACHE_LIMIT = 4096;
  private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param issuer the {@code iss} tokens must carry
   * @param service the {@code aud} tokens must carry
   * @param trusted the root certificate bundle: certificates of token signers or their CAs
   */
  public TokenVerifier(String issuer, String service, List<X509Certificate> trusted, Clock clock) {
    this.issuer = Objects.requireNonNull(issuer);
    this.service = Objects.requireNonNull(service);
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException("token auth requires at least one trusted certificate");
    }
    this.trusted = List.copyOf(trusted);
    for (X509Certificate c : trusted) {
      byKeyId.put(LibtrustKeyId.of(c.getPublicKey()).value(), c.getPublicKey());
      anchors.add(new TrustAnchor(c, null));
    }
    this.clock = clock;
  }

  /** The service name ({@code aud}) this verifier accepts. */
  public String service() {
    return service;
  }

  /**
   * Verifies a compact JWS.
   *
   * @throws AuthException {@code INVALID_TOKEN} when any rule fails
   */
  public VerifiedToken verify(String compact) {
    // a token is presented on every request of a session: checking its signature each time would
    // cost more than serving the request, so verified tokens are remembered until they expire
    Verified known = verified.get(compact);
    if (known != null) {
      return known.at(clock.instant());
    }
    Verified fresh = verifyNew(compact);
    if (verified.size() >= CACHE_LIMIT) {
      verified.clear();
    }
    verified.put(compact, fresh);
    return fresh.at(clock.instant());
  }

  /** A token whose signature, issuer and audience checked out, and its validity window. */
  private record Verified(VerifiedToken token, Instant notBefore, Instant expires) {
    VerifiedToken at(Instant now) {
      if (now.isAfter(expires.plus(LEEWAY))) {
        throw invalid("token expired");
      }
      if (now.isBefore(notBefore.minus(LEEWAY))) {
        throw invalid("token not yet valid");
      }
      return token;
    }
  }

  private Verified verifyNew(String compact) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(compact.strip());
    } catch (ParseException | RuntimeException e) {
      throw invalid("malformed token");
    }
    JWSHeader header = jwt.getHeader();
    if (!ALGORITHMS.contains(header.getAlgorithm())) {
      throw invalid("unsupported signing algorithm " + header.getAlgorithm());
    }
    PublicKey key = signingKey(header);
    JWSVerifier verifier;
    try {
      if (JWSAlgorithm.Family.EC.contains(header.getAlgorithm()) && key instanceof ECPublicKey ec) {
        verifier = new ECDSAVerifier(ec);
      } else if (JWSAlgorithm.Family.RSA.contains(header.getAlgorithm()) && key instanceof RSAPublicKey rsa) {
        verifier = new RSASSAVerifier(rsa);
      } else {
        throw invalid("signing key does not match the algorithm");
      }
      if (!jwt.verify(verifier)) {
        throw invalid("bad signature");
      }
    } catch (JOSEException e) {
      throw invalid("unverifiable signature");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw invalid("malformed claims");
    }
    if (!issuer.equals(claims.getIssuer())) {
      throw invalid("wrong issuer");
    }
    Object aud = claims.getClaim("aud");
    boolean audienceOk = aud instanceof String s ? s.equals(service)
        : claims.getAudience() != null && claims.getAudience().size() == 1 && claims.getAudience().contains(service);
    if (!audienceOk) {
      throw invalid("wrong audience");
    }
    Instant exp = seconds(claims.getExpirationTime());
    Instant nbf = seconds(claims.getNotBeforeTime());
    String subject = claims.getSubject() == null ? "" : claims.getSubject();
    return new Verified(new VerifiedToken(subject, access(claims.getClaim("access"))), nbf, exp);
  }

  private static Instant seconds(Date d) {
    return d == null ? Instant.EPOCH : d.toInstant();
  }

  private static List<Scope> access(Object claim) {
    if (claim == null) {
      return List.of();
    }
    if (!(claim instanceof List<?> list)) {
      throw invalid("malformed access claim");
    }
    List<Scope> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("type") instanceof String type) || !(m.get("name") instanceof String name)) {
        throw invalid("malformed access claim");
      }
      List<Action> actions = new ArrayList<>();
      if (m.get("actions") instanceof List<?> as) {
        for (Object a : as) {
          if (a instanceof String s) {
            Action.fromWire(s).ifPresent(actions::add);
          }
        }
      }
      try {
        out.add(new Scope(type, name, actions));
      } catch (IllegalArgumentException e) {
        throw invalid("malformed access claim");
      }
    }
    return out;
  }

  private PublicKey signingKey(JWSHeader header) {
    if (header.getX509CertChain() != null && !header.getX509CertChain().isEmpty()) {
      return chainKey(header.getX509CertChain().stream().map(com.nimbusds.jose.util.Base64::decode).toList());
    }
    JWK jwk = header.getJWK();
    if (jwk != null) {
      try {
        PublicKey k = switch (jwk) {
          case com.nimbusds.jose.jwk.ECKey ec -> ec.toECPublicKey();
          case com.nimbusds.jose.jwk.RSAKey rsa -> rsa.toRSAPublicKey();
          default -> throw invalid("unsupported jwk type");
        };
        if (!byKeyId.containsKey(LibtrustKeyId.of(k).value())) {
          throw invalid("untrusted jwk");
        }
        return k;
      } catch (JOSEException e) {
        throw invalid("malformed jwk");
      }
    }
    if (header.getKeyID() != null) {
      PublicKey k = byKeyId.get(header.getKeyID());
      if (k == null) {
        throw invalid("unknown signing key " + header.getKeyID());
      }
      return k;
    }
    throw invalid("no signing key reference in the token header");
  }

  /** The leaf key of an x5c chain that verifies to the trusted bundle at the current time. */
  private PublicKey chainKey(List<byte[]> ders) {
    try {
      var cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> chain = new ArrayList<>();
      for (byte[] der : ders) {
        var cert = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
        Date at = Date.from(clock.instant());
        cert.checkValidity(at);
        // a certificate of the bundle ends the chain: everything above it is not needed
        if (isTrusted(der)) {
          if (chain.isEmpty()) {
            return cert.getPublicKey();
          }
          break;
        }
        chain.add(cert);
      }
      var params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(clock.instant()));
      CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(chain), params);
      return chain.getFirst().getPublicKey();
    } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
      throw invalid("x5c chain does not verify to a trusted certificate");
    }
  }

  private boolean isTrusted(byte[] der) {
    for (X509Certificate c : trusted) {
      try {
        if (Arrays.equals(c.getEncoded(), der)) {
          return true;
        }
      } catch (GeneralSecurityException e) {
        // an unencodable trusted certificate matches nothing
      }
    }
    return false;
  }

  private static AuthException invalid(String why) {
    return new AuthException(AuthException.Failure.INVALID_TOKEN, why);
  }
}
