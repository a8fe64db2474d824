package dev.hallmark.signer;

import dev.hallmark.db.SchemaMigrations;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code signer_keys} table: one row per key with its public part, its sealed private part and
 * the passphrase alias it was sealed under, as notary-signer's {@code private_keys} (reference
 * migrations/signer/postgresql/0001_initial.up.sql). SQL that runs on H2 and PostgreSQL alike.
 *
 * <p>{@code unused} is 1 while the key has never signed and NULL afterwards. Unique constraints treat
 * NULLs as distinct on both databases, so {@code UNIQUE (gun, role, algorithm, unused)} allows any
 * number of used keys but one unused key per GUN, role and algorithm, even when several processes
 * create keys at once.
 */
final class SignerKeyTable {

  /** SQLSTATE of a unique constraint violation, on H2 and PostgreSQL. */
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String COLUMNS = "key_id, gun, role, algorithm, public_key, private_key, passphrase_alias";

  /** A stored key: its public facts, its alias and its sealed private part. */
  record Row(SignerKey key, String alias, Bytes sealedPrivate) {}

  private final DataSource dataSource;

  SignerKeyTable(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Migrates the table with Flyway ({@code db/hallmark/signer}, history in {@code flyway_signer_history}).
   * Its first step is {@code CREATE TABLE IF NOT EXISTS}, so databases made before migrations need no baseline.
   */
  void createIfAbsent() {
    try {
      SchemaMigrations.migrate(dataSource, SignerKeyTable.class.getClassLoader(), "signer", Optional.empty());
    } catch (SQLException e) {
      throw unavailable("cannot migrate table signer_keys", e);
    } catch (org.flywaydb.core.api.FlywayException e) {
      throw new SignerException(SignerException.ErrorKind.UNAVAILABLE, "cannot migrate table signer_keys: " + e.getMessage(), e);
    }
  }

  Optional<Row> find(KeyId id) {
    return one("SELECT " + COLUMNS + " FROM signer_keys WHERE key_id = ?", id.value());
  }

  /** The unused key for the GUN, role and algorithm, if there is one. */
  Optional<Row> findUnused(Gun gun, RoleName role, KeyAlgorithm algorithm) {
    return one("SELECT " + COLUMNS + " FROM signer_keys WHERE gun = ? AND role = ? AND algorithm = ?"
        + " AND unused = 1 ORDER BY id FETCH FIRST 1 ROWS ONLY", gun.value(), role.value(), algorithm.wireName());
  }

  /** The most recently created key sealed under the alias, if any. */
  Optional<Row> newestWithAlias(String alias) {
    return one("SELECT " + COLUMNS + " FROM signer_keys WHERE passphrase_alias = ?"
        + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", alias);
  }

  /**
   * Adds an unused key.
   *
   * @return false, having changed nothing, when another unused key for the same GUN, role and
   *     algorithm was added first
   */
  boolean insertUnused(Row row, Instant createdAt) {
    SignerKey k = row.key();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO signer_keys (" + COLUMNS
            + ", created_at, last_used, unused) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 1)")) {
      s.setString(1, k.id().value());
      s.setString(2, k.gun().value());
      s.setString(3, k.role().value());
      s.setString(4, k.algorithm().wireName());
      s.setBytes(5, k.publicKey().publicBytes().unsafeArray());
      s.setBytes(6, row.sealedPrivate().unsafeArray());
      s.setString(7, row.alias());
      s.setObject(8, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw unavailable("cannot store key " + k.id(), e);
    }
  }

  /** Records that the key signed, which also stops {@link #findUnused} from returning it. */
  void markUsed(KeyId id, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE signer_keys SET last_used = ?, unused = NULL WHERE key_id = ?")) {
      s.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      s.setString(2, id.value());
      if (s.executeUpdate() != 1) {
        throw new SignerException(SignerException.ErrorKind.KEY_NOT_FOUND, "key " + id + " was removed while signing");
      }
    } catch (SQLException e) {
      throw unavailable("cannot record the use of key " + id, e);
    }
  }

  private Optional<Row> one(String sql, String... args) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setString(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("cannot read table signer_keys", e);
    }
  }

  private static Row row(ResultSet rs) throws SQLException {
    String keyId = rs.getString("key_id");
    KeyAlgorithm algorithm = KeyAlgorithm.fromWire(rs.getString("algorithm"));
    try {
      PublicKey pub = new PublicKey(algorithm.keyType(), Bytes.wrap(rs.getBytes("public_key")));
      SignerKey key = new SignerKey(new KeyId(keyId), pub, new Gun(rs.getString("gun")),
          RoleName.of(rs.getString("role")), algorithm);
      return new Row(key, rs.getString("passphrase_alias"), Bytes.wrap(rs.getBytes("private_key")));
    } catch (IllegalArgumentException e) {
      throw new SignerException(SignerException.ErrorKind.INTERNAL, "row of key " + keyId + " is inconsistent: " + e.getMessage(), e);
    }
  }

  private static SignerException unavailable(String message, SQLException e) {
    return new SignerException(SignerException.ErrorKind.UNAVAILABLE, message + ": " + e.getMessage(), e);
  }
}
