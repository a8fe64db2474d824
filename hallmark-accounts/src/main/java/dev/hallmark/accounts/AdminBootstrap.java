package dev.hallmark.accounts;

import dev.hallmark.auth.Password;
import dev.hallmark.auth.PasswordHasher;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The first start of a server with token auth: when no admin exists, creates the user {@code admin}
 * with the given password or a random one. Only the hash is stored.
 */
public final class AdminBootstrap {
  /** The name of the first admin. */
  public static final String ADMIN = "admin";

  private AdminBootstrap() {}

  /**
   * Creates {@code admin} if no admin exists yet.
   *
   * @param given the password from the environment, if any
   * @return the generated password, to be shown once; empty when nothing was generated
   */
  public static Optional<Password> ensureAdmin(AccountStore store, PasswordHasher hasher, Optional<Password> given) {
    if (store.hasAdmin()) {
      return Optional.empty();
    }
    Password pw;
    Optional<Password> generated;
    if (given.isPresent() && !given.get().isEmpty()) {
      pw = given.get();
      generated = Optional.empty();
    } else {
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      pw = Password.of(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
      generated = Optional.of(pw);
    }
    if (store.find(ADMIN).isPresent()) {
      store.setPasswordHash(ADMIN, hasher.hash(pw));
      store.setAdmin(ADMIN, true);
    } else {
      store.createUser(ADMIN, hasher.hash(pw), true);
    }
    return generated;
  }
}
