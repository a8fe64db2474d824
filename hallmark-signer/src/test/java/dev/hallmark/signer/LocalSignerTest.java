package dev.hallmark.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Signature;
import dev.hallmark.tuf.SignatureMethod;
import dev.hallmark.tuf.Verifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The local signer and its table on H2; {@link LocalSignerOnPostgresTest} runs it on PostgreSQL. */
class LocalSignerTest {
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final LocalSigner.Settings FAST = new LocalSigner.Settings(1000, 16);
  private static final Gun GUN = new Gun("docker.io/library/alpine");
  private static final byte[] MESSAGE =
      "{\"_type\":\"Timestamp\",\"expires\":\"2026-03-18T05:06:07Z\",\"version\":1}".getBytes(StandardCharsets.UTF_8);

  private final Verifier verifier = new Verifier();
  private DataSource db;

  /** An empty database for one test. */
  DataSource newDatabase() {
    var h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:signer-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  @BeforeEach
  void database() {
    db = newDatabase();
  }

  private LocalSigner signer(PassphraseAliases aliases) {
    return new LocalSigner(db, aliases, CLOCK, FAST);
  }

  private static PassphraseAliases aliases(String alias, String passphrase) {
    return PassphraseAliases.of(alias, passphrase.toCharArray());
  }

  private LocalSigner signer() {
    return signer(aliases("alias1", "correct horse"));
  }

  @Test
  void createKeyReturnsTheSameUnusedKeyUntilItSigns() {
    LocalSigner signer = signer();
    PublicKey first = signer.createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA);
    assertThat(signer.createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA)).isEqualTo(first);

    signer.sign(first.id(), MESSAGE);

    PublicKey second = signer.createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA);
    assertThat(second).isNotEqualTo(first);
    assertThat(signer.createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA)).isEqualTo(second);
    assertThat(rowCount()).isEqualTo(2);
  }

  @Test
  void unusedKeysAreKeptPerGunRoleAndAlgorithm() {
    LocalSigner signer = signer();
    Set<PublicKey> keys = new HashSet<>();
    for (Gun gun : List.of(GUN, new Gun("example.com/other"))) {
      for (RoleName role : List.of(RoleName.TIMESTAMP, RoleName.SNAPSHOT)) {
        for (KeyAlgorithm alg : KeyAlgorithm.values()) {
          keys.add(signer.createKey(gun, role, alg));
        }
      }
    }
    assertThat(keys).hasSize(8);
  }

  @Test
  void ecdsaKeysArePkixP256AndSignaturesAreRawRAndSOverSha256() throws Exception {
    LocalSigner signer = signer();
    PublicKey key = signer.createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA);

    assertThat(key.type()).isEqualTo(KeyType.ECDSA);
    var jca = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key.publicBytes().toArray()));
    assertThat(((java.security.interfaces.ECPublicKey) jca).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);

    Signature sig = signer.sign(key.id(), MESSAGE);
    assertThat(sig.keyId()).isEqualTo(key.id());
    assertThat(sig.method()).isEqualTo(SignatureMethod.ECDSA);
    assertThat(sig.value().length()).isEqualTo(64);
    verifier.verify(key, sig.method(), MESSAGE, sig.value());
    assertThat(verifier.isValid(key, sig.method(), "other".getBytes(StandardCharsets.UTF_8), sig.value())).isFalse();
  }

  @Test
  void ed25519KeysAreRaw32BytesAndSignaturesAreEddsa() {
    LocalSigner signer = signer();
    PublicKey key = signer.createKey(GUN, RoleName.SNAPSHOT, KeyAlgorithm.ED25519);

    assertThat(key.type()).isEqualTo(KeyType.ED25519);
    assertThat(key.publicBytes().length()).isEqualTo(32);

    Signature sig = signer.sign(key.id(), MESSAGE);
    assertThat(sig.method()).isEqualTo(SignatureMethod.EDDSA);
    verifier.verify(key, sig.method(), MESSAGE, sig.value());
    assertThat(verifier.isValid(key, sig.method(), "other".getBytes(StandardCharsets.UTF_8), sig.value())).isFalse();
  }

  @Test
  void publicKeyGivesGunRoleAndAlgorithmOfAHeldKey() {
    LocalSigner signer = signer();
    PublicKey key = signer.createKey(GUN, RoleName.SNAPSHOT, KeyAlgorithm.ED25519);

    assertThat(signer.publicKey(key.id()))
        .contains(new SignerKey(key.id(), key, GUN, RoleName.SNAPSHOT, KeyAlgorithm.ED25519));
    // and from the database, not only from the creating instance's cache
    assertThat(signer().publicKey(key.id()))
        .contains(new SignerKey(key.id(), key, GUN, RoleName.SNAPSHOT, KeyAlgorithm.ED25519));
    assertThat(signer.publicKey(new KeyId("00".repeat(32)))).isEmpty();
  }

  @Test
  void signingWithAnUnknownKeyFailsWithKeyNotFound() {
    LocalSigner signer = signer();
    assertThatThrownBy(() -> signer.sign(new KeyId("ab".repeat(32)), MESSAGE))
        .isInstanceOfSatisfying(SignerException.class,
            e -> assertThat(e.kind()).isEqualTo(SignerException.ErrorKind.KEY_NOT_FOUND));
  }

  @Test
  void refusesRolesWhosePrivateKeysTheServerMustNotHold() {
    LocalSigner signer = signer();
    for (RoleName role : List.of(RoleName.ROOT, RoleName.TARGETS, RoleName.delegation("targets/releases"))) {
      assertThatThrownBy(() -> signer.createKey(GUN, role, KeyAlgorithm.ECDSA))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(rowCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void aNewSignerOnTheSameDatabaseSignsWithTheOldKeys(KeyAlgorithm algorithm) {
    PublicKey used = signer().createKey(GUN, RoleName.TIMESTAMP, algorithm);
    LocalSigner before = signer();
    before.sign(used.id(), MESSAGE);
    PublicKey unused = before.createKey(GUN, RoleName.TIMESTAMP, algorithm);

    LocalSigner after = signer();

    Signature sig = after.sign(used.id(), MESSAGE);
    verifier.verify(used, sig.method(), MESSAGE, sig.value());
    assertThat(after.createKey(GUN, RoleName.TIMESTAMP, algorithm)).isEqualTo(unused);
  }

  @Test
  void aWrongPassphraseFailsAtStartupAndChangesNothing() throws SQLException {
    PublicKey key = signer().createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA);
    List<Map<String, Object>> before = rows();

    assertThatThrownBy(() -> signer(aliases("alias1", "wrong horse")))
        .isInstanceOfSatisfying(SignerException.class, e -> {
          assertThat(e.kind()).isEqualTo(SignerException.ErrorKind.BAD_PASSPHRASE);
          assertThat(e.getMessage()).contains("alias1", key.id().value()).doesNotContain("horse");
        });

    assertThat(rows()).isEqualTo(before);
    LocalSigner right = signer();
    verifier.verify(key, SignatureMethod.ECDSA, MESSAGE, right.sign(key.id(), MESSAGE).value());
  }

  @Test
  void aKeyWhoseAliasIsNotConfiguredCannotSignAndStaysUnused() throws SQLException {
    PublicKey old = signer(aliases("old", "first secret")).createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ED25519);
    LocalSigner withoutOld = signer(aliases("new", "second secret"));

    assertThatThrownBy(() -> withoutOld.sign(old.id(), MESSAGE))
        .isInstanceOfSatisfying(SignerException.class, e -> {
          assertThat(e.kind()).isEqualTo(SignerException.ErrorKind.BAD_PASSPHRASE);
          assertThat(e.getMessage()).contains("old").doesNotContain("secret");
        });
    assertThat(rows()).singleElement().satisfies(row -> assertThat(row.get("LAST_USED")).isNull());
  }

  @Test
  void oldKeysStayReadableAfterTheDefaultAliasChanges() throws SQLException {
    PublicKey old = signer(aliases("old", "first secret")).createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA);
    LocalSigner both = signer(PassphraseAliases.of("new", Map.of(
        "old", "first secret".toCharArray(), "new", "second secret".toCharArray())));

    verifier.verify(old, SignatureMethod.ECDSA, MESSAGE, both.sign(old.id(), MESSAGE).value());
    PublicKey fresh = both.createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA);

    assertThat(aliasOf(old.id())).isEqualTo("old");
    assertThat(aliasOf(fresh.id())).isEqualTo("new");
    LocalSigner onlyNew = signer(aliases("new", "second secret"));
    verifier.verify(fresh, SignatureMethod.ECDSA, MESSAGE, onlyNew.sign(fresh.id(), MESSAGE).value());
  }

  @Test
  void storedRowsNeverContainThePrivateKeyInClear() throws SQLException {
    LocalSigner signer = signer();
    List<byte[]> secrets = new ArrayList<>();
    for (KeyAlgorithm alg : KeyAlgorithm.values()) {
      KeyId id = signer.createKey(GUN, RoleName.TIMESTAMP, alg).id();
      var privateKey = signer.unlocked(id).privateKey();
      secrets.add(privateKey.getEncoded());
      secrets.add(switch (privateKey) {
        case ECPrivateKey ec -> toUnsigned32(ec.getS().toByteArray());
        case EdECPrivateKey ed -> ed.getBytes().orElseThrow();
        default -> throw new AssertionError(privateKey.getAlgorithm());
      });
    }

    for (Map<String, Object> row : rows()) {
      for (Object value : row.values()) {
        byte[] stored = value instanceof Bytes b ? b.toArray() : String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        for (byte[] secret : secrets) {
          assertThat(indexOf(stored, secret)).as("secret bytes in column").isEqualTo(-1);
        }
      }
    }
  }

  @Test
  void keysOfAnAliasShareOnePasswordDerivationButNotTheirEncryptionKeys() throws SQLException {
    LocalSigner signer = signer();
    for (KeyAlgorithm alg : KeyAlgorithm.values()) {
      signer.createKey(GUN, RoleName.TIMESTAMP, alg);
    }
    // a restarted signer reuses the salt of the alias's keys, so it derives the KEK once
    signer().createKey(GUN, RoleName.SNAPSHOT, KeyAlgorithm.ECDSA);

    List<byte[]> sealed = rows().stream().map(r -> ((Bytes) r.get("PRIVATE_KEY")).toArray()).toList();
    assertThat(sealed).hasSize(3).allSatisfy(b -> assertThat(b[0]).isEqualTo((byte) 1));
    // version 1 layout: version, iterations, PBKDF2 salt (16), HKDF salt (16), nonce (12)
    assertThat(sealed.stream().map(b -> Bytes.of(java.util.Arrays.copyOfRange(b, 1, 21))).distinct()).hasSize(1);
    assertThat(sealed.stream().map(b -> Bytes.of(java.util.Arrays.copyOfRange(b, 21, 49))).distinct()).hasSize(3);
    assertThat(java.nio.ByteBuffer.wrap(sealed.getFirst(), 1, 4).getInt()).isEqualTo(FAST.kdfIterations());
  }

  @Test
  void aPrivateKeyMovedToAnotherRowDoesNotDecrypt() throws SQLException {
    LocalSigner signer = signer();
    KeyId a = signer.createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA).id();
    KeyId b = signer.createKey(GUN, RoleName.SNAPSHOT, KeyAlgorithm.ECDSA).id();
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE signer_keys SET private_key = (SELECT private_key FROM signer_keys WHERE key_id = '"
          + b + "') WHERE key_id = '" + a + "'");
    }

    LocalSigner restarted = signer();
    assertThatThrownBy(() -> restarted.sign(a, MESSAGE))
        .isInstanceOfSatisfying(SignerException.class, e -> {
          assertThat(e.kind()).isEqualTo(SignerException.ErrorKind.BAD_PASSPHRASE);
          assertThat(e.getMessage()).contains(a.value(), "altered");
        });
    verifier.verify(restarted.publicKey(b).orElseThrow().publicKey(), SignatureMethod.ECDSA, MESSAGE,
        restarted.sign(b, MESSAGE).value());
  }

  @Test
  void rowsRecordCreationAndUseWithTheClock() throws SQLException {
    LocalSigner signer = signer();
    KeyId id = signer.createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ED25519).id();
    assertThat(rows()).singleElement().satisfies(row -> {
      assertThat(((OffsetDateTime) row.get("CREATED_AT")).toInstant()).isEqualTo(NOW);
      assertThat(row.get("LAST_USED")).isNull();
      assertThat(row.get("GUN")).isEqualTo(GUN.value());
      assertThat(row.get("ROLE")).isEqualTo("timestamp");
      assertThat(row.get("ALGORITHM")).isEqualTo("ed25519");
    });

    signer.sign(id, MESSAGE);

    assertThat(rows()).singleElement()
        .satisfies(row -> assertThat(((OffsetDateTime) row.get("LAST_USED")).toInstant()).isEqualTo(NOW));
  }

  @Test
  void concurrentCreateKeyStoresOneUnusedKey() throws Exception {
    List<LocalSigner> replicas = List.of(signer(), signer());
    int threads = 6;
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<PublicKey>> calls = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      LocalSigner replica = replicas.get(i % replicas.size());
      calls.add(() -> {
        start.await();
        return replica.createKey(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA);
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<PublicKey>> results = new ArrayList<>();
      for (Callable<PublicKey> call : calls) {
        results.add(pool.submit(call));
      }
      start.countDown();
      Set<PublicKey> keys = new HashSet<>();
      for (Future<PublicKey> f : results) {
        keys.add(f.get(20, TimeUnit.SECONDS));
      }
      assertThat(keys).hasSize(1);
      assertThat(rowCount()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private int rowCount() {
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM signer_keys")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private String aliasOf(KeyId id) throws SQLException {
    return rows().stream().filter(r -> r.get("KEY_ID").equals(id.value()))
        .map(r -> (String) r.get("PASSPHRASE_ALIAS")).findFirst().orElseThrow();
  }

  /** Every row as upper-case column name to value, byte columns as {@link Bytes}, times as {@link OffsetDateTime}. */
  private List<Map<String, Object>> rows() throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM signer_keys ORDER BY id")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          // PostgreSQL names columns in lower case and reads a timestamptz as java.sql.Timestamp by default
          int type = rs.getMetaData().getColumnType(i);
          Object v = type == java.sql.Types.TIMESTAMP || type == java.sql.Types.TIMESTAMP_WITH_TIMEZONE
              ? rs.getObject(i, OffsetDateTime.class) : rs.getObject(i);
          row.put(rs.getMetaData().getColumnName(i).toUpperCase(java.util.Locale.ROOT), v instanceof byte[] b ? Bytes.of(b) : v);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static byte[] toUnsigned32(byte[] twosComplement) {
    byte[] out = new byte[32];
    int n = Math.min(32, twosComplement.length);
    System.arraycopy(twosComplement, twosComplement.length - n, out, 32 - n, n);
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
