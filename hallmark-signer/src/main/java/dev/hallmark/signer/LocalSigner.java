package dev.hallmark.signer;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Signature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link Signer} that keeps its keys in a SQL database, private parts encrypted under passphrase
 * aliases, as notary-signer's SQL key store does (reference signer/keydbstore/sql_keydbstore.go).
 *
 * <p>Creates table {@code signer_keys} if it is absent. Each private key is sealed with AES-256-GCM
 * under a key derived from its alias's passphrase (PBKDF2-HMAC-SHA256, then HKDF-SHA256 with a
 * per-key salt); the derivation is paid once per alias per process. Decrypted keys are cached in
 * memory, up to {@link Settings#keyCacheSize()}. Several instances, in one process or in several,
 * may share the database: at most one unused key per GUN, role and algorithm is ever stored.
 *
 * {@snippet :
 * var signer = new LocalSigner(dataSource, PassphraseAliases.of("alias1", passphrase), Clock.systemUTC());
 * PublicKey key = signer.createKey(gun, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA);
 * }
 */
public final class LocalSigner implements Signer {
  private static final java.time.Duration USE_RECORD_INTERVAL = java.time.Duration.ofMinutes(1);
  private static final System.Logger LOG = System.getLogger(LocalSigner.class.getName());
  /** Attempts to create a key while other writers keep winning the race for the unused slot. */
  private static final int CREATE_ATTEMPTS = 5;

  /**
   * Tuning of a {@link LocalSigner}.
   *
   * @param kdfIterations PBKDF2-HMAC-SHA256 iterations for the keys this signer creates (existing
   *     keys keep theirs); at least 1000
   * @param keyCacheSize how many decrypted keys to keep in memory; at least 1
   */
  public record Settings(int kdfIterations, int keyCacheSize) {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_KDF_ITERATIONS = 600_000;
    /** Enough for the timestamp and snapshot keys of many GUNs. */
    public static final int DEFAULT_KEY_CACHE_SIZE = 1024;

    /** @throws IllegalArgumentException when a value is out of range */
    public Settings {
      if (kdfIterations < 1000) {
        throw new IllegalArgumentException("kdfIterations must be at least 1000: " + kdfIterations);
      }
      if (keyCacheSize < 1) {
        throw new IllegalArgumentException("keyCacheSize must be at least 1: " + keyCacheSize);
      }
    }

    /** The defaults: 600000 iterations, 1024 cached keys. */
    public static Settings defaults() {
      return new Settings(DEFAULT_KDF_ITERATIONS, DEFAULT_KEY_CACHE_SIZE);
    }
  }

  private final SignerKeyTable table;
  private final PassphraseAliases passphrases;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final PrivateKeyCipher cipher;
  private final Map<KeyId, UnlockedKey> unlocked;

  /** A signer with {@link Settings#defaults()}; see the other constructor. */
  public LocalSigner(DataSource dataSource, PassphraseAliases passphrases, Clock clock) {
    this(dataSource, passphrases, clock, Settings.defaults());
  }

  /**
   * A signer on the database, which creates table {@code signer_keys} if it is absent and checks
   * each configured passphrase against the newest key sealed under its alias, so a wrong passphrase
   * fails at startup rather than at the first publish. This derives one key per alias that has keys
   * (a few hundred milliseconds at the default iteration count).
   *
   * @throws SignerException of kind {@code BAD_PASSPHRASE} when a configured passphrase does not
   *     decrypt its alias's keys, {@code UNAVAILABLE} when the database fails
   */
  public LocalSigner(DataSource dataSource, PassphraseAliases passphrases, Clock clock, Settings settings) {
    this.table = new SignerKeyTable(Objects.requireNonNull(dataSource));
    this.passphrases = Objects.requireNonNull(passphrases);
    this.clock = Objects.requireNonNull(clock);
    this.cipher = new PrivateKeyCipher(passphrases, settings.kdfIterations(), random);
    int cacheSize = settings.keyCacheSize();
    this.unlocked = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<KeyId, UnlockedKey> eldest) {
        return size() > cacheSize;
      }
    });
    table.createIfAbsent();
    checkPassphrases();
  }

  private void checkPassphrases() {
    for (String alias : passphrases.aliases()) {
      Optional<SignerKeyTable.Row> newest = table.newestWithAlias(alias);
      if (newest.isPresent()) {
        unlock(newest.get());
        cipher.reuseKekOf(alias, newest.get().sealedPrivate().unsafeArray());
      }
    }
  }

  @Override
  public PublicKey createKey(Gun gun, RoleName role, KeyAlgorithm algorithm) {
    Objects.requireNonNull(gun);
    Objects.requireNonNull(algorithm);
    if (!role.equals(RoleName.TIMESTAMP) && !role.equals(RoleName.SNAPSHOT)) {
      throw new IllegalArgumentException("the signer holds only timestamp and snapshot keys, not " + role);
    }
    for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      Optional<SignerKeyTable.Row> unused = table.findUnused(gun, role, algorithm);
      if (unused.isPresent()) {
        return unused.get().key().publicKey();
      }
      KeyPair pair = algorithm.generate(random);
      PublicKey publicKey = algorithm.publicKey(pair.getPublic());
      SignerKey key = new SignerKey(publicKey.id(), publicKey, gun, role, algorithm);
      String alias = passphrases.defaultAlias();
      byte[] pkcs8 = pair.getPrivate().getEncoded();
      byte[] sealed;
      try {
        sealed = cipher.seal(alias, pkcs8, identity(key));
      } finally {
        Arrays.fill(pkcs8, (byte) 0);
      }
      // a concurrent writer that stored an unused key first wins; the next attempt returns its key
      if (table.insertUnused(new SignerKeyTable.Row(key, alias, Bytes.wrap(sealed)), clock.instant())) {
        unlocked.put(key.id(), new UnlockedKey(key, pair.getPrivate()));
        LOG.log(System.Logger.Level.INFO, "created signer key id={0} gun={1} role={2} algorithm={3}",
            key.id(), gun, role, algorithm.wireName());
        return publicKey;
      }
    }
    throw new SignerException(SignerException.ErrorKind.UNAVAILABLE,
        "could not create a " + role + " key for " + gun + ": concurrent writers kept winning");
  }

  @Override
  public Optional<SignerKey> publicKey(KeyId id) {
    UnlockedKey cached = unlocked.get(id);
    return cached != null ? Optional.of(cached.key()) : table.find(id).map(SignerKeyTable.Row::key);
  }

  @Override
  public Signature sign(KeyId id, byte[] canonicalMessage) {
    Objects.requireNonNull(canonicalMessage);
    UnlockedKey key = unlocked(id);
    KeyAlgorithm algorithm = key.key().algorithm();
    byte[] signature = algorithm.sign(key.privateKey(), canonicalMessage);
    // reference signer/keydbstore (markActive) updates last_used on every signature; the first use
    // is what matters (it takes the key out of createKey's reach), so later ones are written at most
    // once a minute instead of costing a database write per publish
    Instant now = clock.instant();
    if (key.shouldRecordUse(now, USE_RECORD_INTERVAL)) {
      table.markUsed(id, now);
      key.recordedUse(now);
    }
    LOG.log(System.Logger.Level.DEBUG, "signed with key id={0} method={1}", id, algorithm.signatureMethod().wireName());
    return new Signature(id, algorithm.signatureMethod(), Bytes.wrap(signature));
  }

  /** The decrypted key, from the cache or the database. */
  UnlockedKey unlocked(KeyId id) {
    UnlockedKey cached = unlocked.get(id);
    if (cached != null) {
      return cached;
    }
    SignerKeyTable.Row row = table.find(id)
        .orElseThrow(() -> new SignerException(SignerException.ErrorKind.KEY_NOT_FOUND, "key " + id + " not found"));
    return unlock(row);
  }

  private UnlockedKey unlock(SignerKeyTable.Row row) {
    SignerKey key = row.key();
    if (!passphrases.has(row.alias())) {
      throw new SignerException(SignerException.ErrorKind.BAD_PASSPHRASE,
          "key " + key.id() + " is encrypted under alias " + row.alias() + ", which has no passphrase configured");
    }
    byte[] pkcs8;
    try {
      pkcs8 = cipher.open(row.alias(), row.sealedPrivate().unsafeArray(), identity(key));
    } catch (SignerException e) {
      throw new SignerException(e.kind(), "key " + key.id() + ": " + e.getMessage(), e);
    }
    try {
      UnlockedKey result = new UnlockedKey(key, key.algorithm().privateKey(pkcs8));
      unlocked.put(key.id(), result);
      return result;
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  /** What a sealed private key is bound to, so it does not decrypt in another row. */
  private static byte[] identity(SignerKey key) {
    var out = new ByteArrayOutputStream();
    for (String part : new String[] {"hallmark-signer/v1", key.id().value(), key.gun().value(),
        key.role().value(), key.algorithm().wireName()}) {
      out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }
}
