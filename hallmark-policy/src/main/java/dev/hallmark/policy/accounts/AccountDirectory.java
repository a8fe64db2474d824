package dev.hallmark.policy.accounts;

import dev.hallmark.accounts.AccountException;
import dev.hallmark.accounts.AccountStore;
import dev.hallmark.accounts.CertificateOwner;
import dev.hallmark.policy.Directory;
import dev.hallmark.policy.Signer;
import dev.hallmark.policy.TeamName;
import dev.hallmark.tuf.KeyId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Identifies signers from the account store, at the clock's current time: the key's client-bundle
 * certificate (issued by the server CA, not revoked, not expired) gives the user, and the user's
 * team memberships at this moment give the teams. A certificate is named by its serial number.
 *
 * <p>Answers are remembered while the store has made no change ({@link AccountStore#generation}) and
 * for at most {@link #MAX_AGE}, the bound on how late a change made through another replica is seen.
 */
public final class AccountDirectory implements Directory {
  /** How long an answer is reused when this process changed nothing. */
  public static final Duration MAX_AGE = Duration.ofSeconds(2);
  private static final int MAX_ENTRIES = 10_000;

  private final AccountStore store;
  private final Clock clock;
  private final ConcurrentHashMap<KeyId, Remembered> cache = new ConcurrentHashMap<>();

  private record Remembered(Optional<Signer> signer, long generation, Instant until) {}

  public AccountDirectory(AccountStore store, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Optional<Signer> identify(KeyId canonicalKeyId) {
    long generation = store.generation();
    Instant now = clock.instant();
    Remembered r = cache.get(canonicalKeyId);
    if (r != null && r.generation() == generation && now.isBefore(r.until())) {
      return r.signer();
    }
    Optional<Signer> signer = read(canonicalKeyId);
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(canonicalKeyId, new Remembered(signer, generation, now.plus(MAX_AGE)));
    return signer;
  }

  private Optional<Signer> read(KeyId canonicalKeyId) {
    try {
      Optional<CertificateOwner> owner = store.ownerOfKey(canonicalKeyId.value(), clock.instant());
      if (owner.isEmpty()) {
        return Optional.empty();
      }
      List<TeamName> teams = store.teamsOf(owner.get().user()).stream()
          .map(t -> new TeamName(t.org(), t.name())).toList();
      return Optional.of(new Signer(owner.get().user(), "serial " + owner.get().serial(), teams));
    } catch (AccountException e) {
      if (e.code() == AccountException.Code.NO_SUCH_ACCOUNT) {
        return Optional.empty(); // the user was deleted between the two reads
      }
      throw new DirectoryException("account directory: " + e.getMessage(), e);
    }
  }
}
