package dev.hallmark.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A signed bearer token and what it grants. Its {@code toString} leaves out the token, which is a
 * credential.
 */
public final class IssuedToken {
  private final String value;
  private final Instant issuedAt;
  private final Duration expiresIn;
  private final List<Scope> access;

  IssuedToken(String value, Instant issuedAt, Duration expiresIn, List<Scope> access) {
    this.value = value;
    this.issuedAt = issuedAt;
    this.expiresIn = expiresIn;
    this.access = List.copyOf(access);
  }

  /** The compact JWS. */
  public String value() {
    return value;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public Duration expiresIn() {
    return expiresIn;
  }

  /** The granted scopes (the {@code access} claim). */
  public List<Scope> access() {
    return access;
  }

  @Override
  public String toString() {
    return "IssuedToken[issuedAt=" + issuedAt + ", access=" + access + "]";
  }
}
