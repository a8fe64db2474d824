package dev.hallmark.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Issues ES256 bearer tokens in the form docker distribution's token auth validates (Docker "Token
 * Authentication Implementation"): header {@code typ, alg, kid, x5c}, claims
 * {@code iss, sub, aud, exp, nbf, iat, jti, access}, {@code aud} a single string.
 *
 * {@snippet :
 * var issuer = new TokenIssuer(TokenSigningKey.loadOrCreate(dir, clock), "hallmark", "registry.example", Duration.ofMinutes(5), clock);
 * IssuedToken t = issuer.issue("alice", List.of(Scope.repository("alice/app", Action.PULL)));
 * }
 */
public final class TokenIssuer {
  private final TokenSigningKey key;
  private final String issuer;
  private final String service;
  private final Duration ttl;
  private final Clock clock;
  private final JWSHeader header;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param issuer the {@code iss} claim verifiers expect
   * @param service the {@code aud} claim: the service name of the challenges
   * @param ttl lifetime of each token (at least 60 s, the clients' minimum)
   */
  public TokenIssuer(TokenSigningKey key, String issuer, String service, Duration ttl, Clock clock) {
    this.key = Objects.requireNonNull(key);
    this.issuer = Objects.requireNonNull(issuer);
    this.service = Objects.requireNonNull(service);
    if (ttl.compareTo(Duration.ofSeconds(60)) < 0) {
      throw new IllegalArgumentException("token lifetime must be at least 60 s");
    }
    this.ttl = ttl;
    this.clock = clock;
    try {
      this.header = new JWSHeader.Builder(JWSAlgorithm.ES256)
          .type(JOSEObjectType.JWT)
          .keyID(key.keyId().value())
          .x509CertChain(List.of(Base64.encode(key.certificate().getEncoded())))
          .build();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The service name ({@code aud}). */
  public String service() {
    return service;
  }

  /** The issuer name ({@code iss}). */
  public String issuer() {
    return issuer;
  }

  /**
   * A token for {@code subject} (empty for anonymous) granting {@code access}; scopes without
   * actions are left out of the claim.
   */
  public IssuedToken issue(String subject, List<Scope> access) {
    Instant now = clock.instant();
    List<Object> accessClaim = new ArrayList<>();
    List<Scope> granted = new ArrayList<>();
    for (Scope s : access) {
      if (s.actions().isEmpty()) {
        continue;
      }
      granted.add(s);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", s.type());
      entry.put("name", s.name());
      entry.put("actions", s.actions().stream().map(Action::wireName).toList());
      accessClaim.add(entry);
    }
    byte[] jti = new byte[16];
    random.nextBytes(jti);
    long seconds = now.getEpochSecond();
    var claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(subject)
        .audience(service)
        .expirationTime(new java.util.Date((seconds + ttl.toSeconds()) * 1000))
        .notBeforeTime(new java.util.Date(seconds * 1000))
        .issueTime(new java.util.Date(seconds * 1000))
        .jwtID(HexFormat.of().formatHex(jti))
        .claim("access", accessClaim)
        .build();
    var jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(new ECDSASigner(key.privateKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return new IssuedToken(jwt.serialize(), Instant.ofEpochSecond(seconds), ttl, granted);
  }
}
