package dev.hallmark.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final TokenSigningKey key = TokenSigningKey.generate(clock);
  private final TokenIssuer issuer = new TokenIssuer(key, "hallmark", "registry.test", Duration.ofMinutes(5), clock);

  private TokenVerifier verifier(Clock at) {
    return new TokenVerifier("hallmark", "registry.test", List.of(key.certificate()), at);
  }

  private static Map<String, Object> json(String part) throws Exception {
    return com.nimbusds.jose.util.JSONObjectUtils.parse(
        new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }

  @Test
  void issuesTheClaimsDistributionExpects() throws Exception {
    IssuedToken t = issuer.issue("alice", List.of(Scope.parse("repository:a/b:push,pull")));
    String[] parts = t.value().split("\\.");
    Map<String, Object> header = json(parts[0]);
    Map<String, Object> claims = json(parts[1]);
    assertThat(header).containsEntry("alg", "ES256").containsEntry("typ", "JWT")
        .containsEntry("kid", key.keyId().value()).containsKey("x5c");
    assertThat(claims).containsEntry("iss", "hallmark").containsEntry("sub", "alice")
        .containsEntry("aud", "registry.test") // a string, as distribution 2.7 requires
        .containsEntry("exp", NOW.getEpochSecond() + 300).containsEntry("nbf", NOW.getEpochSecond())
        .containsEntry("iat", NOW.getEpochSecond()).containsKey("jti");
    assertThat(claims.get("access")).isEqualTo(List.of(Map.of("type", "repository", "name", "a/b",
        "actions", List.of("push", "pull"))));
    assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(64); // raw r||s as libtrust signs
    assertThat(t.toString()).doesNotContain(parts[2]);
  }

  @Test
  void keyIdIsTheLibtrustFormat() {
    assertThat(key.keyId().value()).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
  }

  @Test
  void verifiesItsOwnTokensAndTheirAccess() {
    IssuedToken t = issuer.issue("alice", List.of(Scope.parse("repository:a/b:pull")));
    VerifiedToken v = verifier(clock).verify(t.value());
    assertThat(v.subject()).isEqualTo("alice");
    assertThatCode(() -> v.requireAll(List.of(Access.repository("a/b", Action.PULL)))).doesNotThrowAnyException();
    assertThatThrownBy(() -> v.requireAll(List.of(Access.repository("a/b", Action.PUSH))))
        .isInstanceOf(AuthException.class).extracting(e -> ((AuthException) e).failure())
        .isEqualTo(AuthException.Failure.INSUFFICIENT_SCOPE);
    assertThatThrownBy(() -> v.requireAll(List.of(Access.repository("a/c", Action.PULL))))
        .isInstanceOf(AuthException.class);
  }

  private void assertInvalid(String token, Clock at) {
    assertThatThrownBy(() -> verifier(at).verify(token)).isInstanceOf(AuthException.class)
        .extracting(e -> ((AuthException) e).failure()).isEqualTo(AuthException.Failure.INVALID_TOKEN);
  }

  @Test
  void expiryAndNotBeforeAllowSixtySecondsOfLeeway() {
    String t = issuer.issue("a", List.of()).value();
    assertThatCode(() -> verifier(Clock.offset(clock, Duration.ofSeconds(360))).verify(t)).doesNotThrowAnyException();
    assertInvalid(t, Clock.offset(clock, Duration.ofSeconds(361)));
    assertThatCode(() -> verifier(Clock.offset(clock, Duration.ofSeconds(-60))).verify(t)).doesNotThrowAnyException();
    assertInvalid(t, Clock.offset(clock, Duration.ofSeconds(-61)));
  }

  @Test
  void aRememberedTokenStillExpires() {
    String t = issuer.issue("a", List.of()).value();
    var now = new java.util.concurrent.atomic.AtomicReference<>(NOW);
    Clock moving = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    TokenVerifier v = verifier(moving);
    assertThat(v.verify(t).subject()).isEqualTo("a");
    assertThat(v.verify(t).subject()).isEqualTo("a"); // from memory
    now.set(NOW.plusSeconds(361));
    assertThatThrownBy(() -> v.verify(t)).isInstanceOf(AuthException.class).hasMessageContaining("expired");
  }

  @Test
  void rejectsWrongAudienceAndIssuer() {
    String t = new TokenIssuer(key, "hallmark", "other", Duration.ofMinutes(5), clock).issue("a", List.of()).value();
    assertInvalid(t, clock);
    String t2 = new TokenIssuer(key, "evil", "registry.test", Duration.ofMinutes(5), clock).issue("a", List.of()).value();
    assertInvalid(t2, clock);
  }

  @Test
  void rejectsTokensOfAnotherKey() {
    TokenSigningKey other = TokenSigningKey.generate(clock);
    assertInvalid(new TokenIssuer(other, "hallmark", "registry.test", Duration.ofMinutes(5), clock)
        .issue("a", List.of(Scope.CATALOG)).value(), clock);
  }

  @Test
  void rejectsAlgNoneHmacAndGarbage() throws Exception {
    var claims = new JWTClaimsSet.Builder().issuer("hallmark").audience("registry.test").subject("admin")
        .expirationTime(Date.from(NOW.plusSeconds(300))).claim("access", List.of(Map.of("type", "registry",
            "name", "catalog", "actions", List.of("*")))).build();
    assertInvalid(new PlainJWT(claims).serialize(), clock);
    var hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.keyId().value()).build(), claims);
    hmac.sign(new MACSigner(new byte[32]));
    assertInvalid(hmac.serialize(), clock);
    assertInvalid("not.a.token", clock);
    assertInvalid("", clock);
    // the real signature with the header swapped to alg none
    String real = issuer.issue("a", List.of()).value();
    String noneHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertInvalid(noneHeader + real.substring(real.indexOf('.')), clock);
  }

  @Test
  void acceptsKidOnlyAndTrustedJwkHeaders() throws Exception {
    var claims = new JWTClaimsSet.Builder().issuer("hallmark").audience("registry.test").subject("bob")
        .expirationTime(Date.from(NOW.plusSeconds(300))).build();
    var kidOnly = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
        .keyID(key.keyId().value()).build(), claims);
    kidOnly.sign(new ECDSASigner(key.privateKey()));
    assertThat(verifier(clock).verify(kidOnly.serialize()).subject()).isEqualTo("bob");

    var jwk = new ECKey.Builder(Curve.P_256, key.publicKey()).build();
    var withJwk = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).jwk(jwk).build(), claims);
    withJwk.sign(new ECDSASigner(key.privateKey()));
    assertThat(verifier(clock).verify(withJwk.serialize()).subject()).isEqualTo("bob");

    var noRef = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), claims);
    noRef.sign(new ECDSASigner(key.privateKey()));
    assertInvalid(noRef.serialize(), clock);

    TokenSigningKey other = TokenSigningKey.generate(clock);
    var wrongKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.keyId().value()).build(), claims);
    wrongKid.sign(new ECDSASigner(other.privateKey()));
    assertInvalid(wrongKid.serialize(), clock);
  }

  @Test
  void persistsTheKeyPrivately(@TempDir Path dir) throws Exception {
    TokenSigningKey a = TokenSigningKey.loadOrCreate(dir.resolve("auth"), clock);
    TokenSigningKey b = TokenSigningKey.loadOrCreate(dir.resolve("auth"), clock);
    assertThat(b.keyId()).isEqualTo(a.keyId());
    assertThat(Files.getPosixFilePermissions(dir.resolve("auth/token.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readString(dir.resolve("auth/token.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    String t = new TokenIssuer(a, "hallmark", "registry.test", Duration.ofMinutes(5), clock).issue("x", List.of()).value();
    assertThat(new TokenVerifier("hallmark", "registry.test", List.of(b.certificate()), clock).verify(t).subject())
        .isEqualTo("x");
  }
}
