package dev.hallmark.client;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Verifier;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * A trust client for one trust directory and one trust server: updates collections with the TUF
 * workflow and answers notary's {@code list} and {@code lookup}. The write side (changelist, publish)
 * will be added here.
 *
 * {@snippet :
 * try (var client = TrustClient.builder(Path.of(System.getProperty("user.home"), ".notary"),
 *         HttpRemoteStore.builder(URI.create("https://notary.example.com:4443")).build())
 *     .build()) {
 *   Target t = client.lookup(new Gun("example.com/app"), "v1");
 * }
 * }
 *
 * <p>Thread-safe; concurrent updates of the same collection race only on whole cache files.
 */
public final class TrustClient implements AutoCloseable {
  private final MetadataCache cache;
  private final RemoteStore remote;
  private final TrustPinning pinning;
  private final Clock clock;
  private final boolean skipInvalidDelegations;
  private final Verifier verifier = new Verifier();

  private TrustClient(Builder b) {
    this.cache = new MetadataCache(b.trustDir);
    this.remote = b.remote;
    this.pinning = b.pinning;
    this.clock = b.clock;
    this.skipInvalidDelegations = b.skipInvalidDelegations;
  }

  /** Starts configuring a client over a notary trust directory (e.g. {@code ~/.notary}) and a server. */
  public static Builder builder(Path trustDir, RemoteStore remote) {
    return new Builder(trustDir, remote);
  }

  /** Options of a {@link TrustClient}. */
  public static final class Builder {
    private final Path trustDir;
    private final RemoteStore remote;
    private TrustPinning pinning = TrustPinning.TOFU;
    private Clock clock = Clock.systemUTC();
    private boolean skipInvalidDelegations;

    private Builder(Path trustDir, RemoteStore remote) {
      this.trustDir = Objects.requireNonNull(trustDir);
      this.remote = Objects.requireNonNull(remote);
    }

    /** How the first root of a collection is trusted; default {@link TrustPinning#TOFU}. */
    public Builder pinning(TrustPinning pinning) {
      this.pinning = Objects.requireNonNull(pinning);
      return this;
    }

    /** The clock expiry is checked against. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * Whether a delegation that fails verification (signatures, expiry, hashes, rollback) is dropped
     * with a warning, as notary does, instead of failing the update. Off by default: a broken
     * delegation is an error the caller sees.
     */
    public Builder skipInvalidDelegations(boolean skip) {
      this.skipInvalidDelegations = skip;
      return this;
    }

    public TrustClient build() {
      return new TrustClient(this);
    }
  }

  /**
   * Brings the cached trust data of a collection up to date with the server and returns its verified
   * state.
   *
   * @throws TrustException when the collection cannot be fetched or trusted; the cache then keeps its
   *     previous verified files
   */
  public TrustedRepository update(Gun gun) {
    return new Updater(gun, remote, cache, pinning, verifier, skipInvalidDelegations, clock.instant()).run();
  }

  /**
   * Updates and lists the targets of a collection (notary {@code list GUN [-r ROLE,...]}); no roles
   * means {@code targets} and all its delegations.
   *
   * @throws TrustException as {@link #update(Gun)}, or {@link TrustFailure.UnknownRole}
   */
  public List<Target> list(Gun gun, List<RoleName> roles) {
    return update(gun).list(roles);
  }

  /**
   * Updates and looks up one target (notary {@code lookup GUN NAME}).
   *
   * @throws TrustException as {@link #update(Gun)}, or {@link TrustFailure.TargetNotFound}
   */
  public Target lookup(Gun gun, String name) {
    return update(gun).lookup(name);
  }

  @Override
  public void close() {
    remote.close();
  }
}
