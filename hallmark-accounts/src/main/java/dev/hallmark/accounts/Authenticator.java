package dev.hallmark.accounts;

import dev.hallmark.auth.AuthException;
import dev.hallmark.auth.Password;
import dev.hallmark.auth.PasswordHasher;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks user names and passwords against the stored hashes. A deliberately slow KDF on every token
 * request would make each {@code notary} command wait seconds, so a successful check is remembered
 * for five minutes under an HMAC (random per-process key) of the name, the password and the stored
 * hash: a password change or a deleted account invalidates it, and memory holds no password.
 */
public final class Authenticator {
  private static final Duration REMEMBER = Duration.ofMinutes(5);
  private static final int MAX_REMEMBERED = 10_000;

  private final AccountStore store;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final SecretKeySpec cacheKey;
  private final Map<String, Instant> remembered = new ConcurrentHashMap<>();

  public Authenticator(AccountStore store, PasswordHasher hasher, Clock clock) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    this.cacheKey = new SecretKeySpec(k, "HmacSHA256");
  }

  /**
   * The user with that name and password.
   *
   * @throws AuthException {@code BAD_CREDENTIALS} for an unknown user, an organisation or a wrong password
   */
  public Identity.User login(String name, Password password) {
    Optional<String> hash = store.passwordHash(name);
    if (hash.isEmpty()) {
      throw hasher.unknownUser(password);
    }
    String key = cacheKey(name, password, hash.get());
    Instant now = clock.instant();
    Instant until = remembered.get(key);
    if (until == null || now.isAfter(until)) {
      hasher.verify(password, hash.get());
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.clear();
      }
      remembered.put(key, now.plus(REMEMBER));
    }
    Account a = store.find(name).orElseThrow(() -> hasher.unknownUser(password));
    return new Identity.User(a);
  }

  private String cacheKey(String name, Password password, String hash) {
    char[] chars = password.chars();
    ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(cacheKey);
      mac.update(name.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(pw);
      mac.update((byte) 0);
      return HexFormat.of().formatHex(mac.doFinal(hash.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } finally {
      Arrays.fill(chars, '\0');
      if (pw.hasArray()) {
        Arrays.fill(pw.array(), (byte) 0);
      }
    }
  }
}
