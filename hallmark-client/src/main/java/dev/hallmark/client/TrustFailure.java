package dev.hallmark.client;

import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.TufException;
import java.time.Instant;

/** Why trust data could not be fetched or trusted; {@link TrustException} carries one. */
public sealed interface TrustFailure {

  /** The server has no such file (HTTP 404). */
  record NotFound(String resource) implements TrustFailure {}

  /** The server refused the request (HTTP 401). */
  record Unauthorized() implements TrustFailure {}

  /** The server could not be reached or answered with an unexpected status ({@code 0} for none). */
  record Unavailable(int status) implements TrustFailure {}

  /** Fetching a file took longer than the per-file deadline. */
  record Timeout(String resource, long millis) implements TrustFailure {}

  /** The server sent more bytes than the file may have. */
  record TooLarge(String resource, long limit) implements TrustFailure {}

  /** A metadata file's length differs from what its parent role lists. */
  record LengthMismatch(RoleName role, long expected, long actual) implements TrustFailure {}

  /** A metadata file failed a check of {@code dev.hallmark.tuf} (signatures, hashes, structure, ...). */
  record Invalid(RoleName role, TufException.Kind kind) implements TrustFailure {}

  /** A role's version is lower than the version already trusted. */
  record Rollback(RoleName role, int trusted, int offered) implements TrustFailure {}

  /** A role is past its expiry time. */
  record Expired(RoleName role, Instant expires) implements TrustFailure {}

  /** The root could not be trusted: pinning, certificates, or a broken rotation chain. */
  record UntrustedRoot(String reason) implements TrustFailure {}

  /** A delegation role that no trusted parent declares. */
  record UnknownRole(RoleName role) implements TrustFailure {}

  /** No trusted role lists the target. */
  record TargetNotFound(String name) implements TrustFailure {}

  /** The local trust directory could not be read or written. */
  record LocalStorage(String path) implements TrustFailure {}
}
