package dev.hallmark.server.store;

import dev.hallmark.db.SchemaMigrations;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;

/**
 * {@link MetadataStore} on H2 or PostgreSQL.
 *
 * <p>Rows are immutable ({@code UNIQUE (gun, role, version)}); an update locks the GUN's row in
 * {@code tuf_guns} ({@code SELECT … FOR UPDATE}) so that updates of one GUN are serialised across
 * processes, and an in-process lock stripe keeps threads of this process from queueing in the database.
 */
public final class JdbcMetadataStore implements MetadataStore {
  private static final int STRIPES = 256;
  private final DataSource dataSource;
  private final Clock clock;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  /**
   * A store on the data source (H2 or PostgreSQL); brings its tables up to date with the Flyway
   * migrations in {@code db/hallmark/server}, recorded in {@code flyway_server_history}.
   *
   * @throws IOException when the database refuses
   */
  public JdbcMetadataStore(DataSource dataSource, Clock clock) throws IOException {
    this.dataSource = dataSource;
    this.clock = clock;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    try {
      // the runner before Flyway recorded its steps in hallmark_schema
      SchemaMigrations.migrate(dataSource, JdbcMetadataStore.class.getClassLoader(), "server", Optional.of("hallmark_schema"));
    } catch (FlywayException | SQLException e) {
      throw new IOException("cannot prepare the metadata database: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoredFile> latest(Gun gun, RoleName role) throws IOException {
    try (Connection c = dataSource.getConnection()) {
      return latest(c, gun, role);
    } catch (SQLException e) {
      throw io("read", e);
    }
  }

  @Override
  public Optional<StoredFile> byChecksum(Gun gun, RoleName role, String sha256) throws IOException {
    try (Connection c = dataSource.getConnection()) {
      return byChecksum(c, gun, role, sha256);
    } catch (SQLException e) {
      throw io("read", e);
    }
  }

  @Override
  public Optional<StoredFile> byVersion(Gun gun, RoleName role, int version) throws IOException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT version, sha256, data, created_at FROM tuf_files WHERE gun = ? AND role = ? AND version = ?")) {
      ps.setString(1, gun.value());
      ps.setString(2, role.value());
      ps.setInt(3, version);
      return one(ps, gun, role);
    } catch (SQLException e) {
      throw io("read", e);
    }
  }

  private static Optional<StoredFile> latest(Connection c, Gun gun, RoleName role) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT version, sha256, data, created_at FROM tuf_files WHERE gun = ? AND role = ? ORDER BY version DESC LIMIT 1")) {
      ps.setString(1, gun.value());
      ps.setString(2, role.value());
      return one(ps, gun, role);
    }
  }

  private static Optional<StoredFile> byChecksum(Connection c, Gun gun, RoleName role, String sha256) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT version, sha256, data, created_at FROM tuf_files WHERE gun = ? AND role = ? AND sha256 = ? ORDER BY version DESC LIMIT 1")) {
      ps.setString(1, gun.value());
      ps.setString(2, role.value());
      ps.setString(3, sha256);
      return one(ps, gun, role);
    }
  }

  private static Optional<StoredFile> one(PreparedStatement ps, Gun gun, RoleName role) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new StoredFile(gun, role, rs.getInt(1), rs.getString(2).strip(),
          Bytes.wrap(rs.getBytes(3)), rs.getObject(4, OffsetDateTime.class).toInstant()));
    }
  }

  @Override
  public <T> T update(Gun gun, UpdateWork<T> work) throws IOException, VersionConflictException {
    ReentrantLock lock = stripe(gun);
    lock.lock();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        lockGun(c, gun);
        var view = new TransactionView(c, gun);
        Result<T> result = work.run(view);
        write(c, gun, result.files(), view);
        c.commit();
        return result.value();
      } catch (SQLException | IOException | VersionConflictException | RuntimeException e) {
        rollback(c);
        if (e instanceof SQLException s) {
          if (isUniqueViolation(s)) {
            throw new VersionConflictException("a file of this version is already stored");
          }
          throw io("update", s);
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw io("update", e);
    } finally {
      lock.unlock();
    }
  }

  /** Reads inside one update transaction; stored versions are read once, in one query. */
  private static final class TransactionView implements Reader {
    private final Connection c;
    private final Gun gun;
    private Map<RoleName, Integer> versions;

    TransactionView(Connection c, Gun gun) {
      this.c = c;
      this.gun = gun;
    }

    @Override
    public Optional<StoredFile> latest(RoleName role) throws IOException {
      try {
        return JdbcMetadataStore.latest(c, gun, role);
      } catch (SQLException e) {
        throw io("read", e);
      }
    }

    @Override
    public OptionalInt latestVersion(RoleName role) throws IOException {
      try {
        Integer v = versions().get(role);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
      } catch (SQLException e) {
        throw io("read", e);
      }
    }

    @Override
    public Optional<StoredFile> byChecksum(RoleName role, String sha256) throws IOException {
      try {
        return JdbcMetadataStore.byChecksum(c, gun, role, sha256);
      } catch (SQLException e) {
        throw io("read", e);
      }
    }

    Map<RoleName, Integer> versions() throws SQLException {
      if (versions == null) {
        versions = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT role, MAX(version) FROM tuf_files WHERE gun = ? GROUP BY role")) {
          ps.setString(1, gun.value());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              if (RoleName.isValid(rs.getString(1))) {
                versions.put(RoleName.of(rs.getString(1)), rs.getInt(2));
              }
            }
          }
        }
      }
      return versions;
    }
  }

  private void write(Connection c, Gun gun, List<NewFile> files, TransactionView view)
      throws SQLException, VersionConflictException {
    Set<RoleName> seen = new HashSet<>();
    for (NewFile f : files) {
      if (!seen.add(f.role())) {
        throw new VersionConflictException("role " + f.role() + " appears twice in one update");
      }
      Integer max = view.versions().get(f.role());
      if (max != null && max >= f.version()) {
        throw new VersionConflictException(f.role() + " version " + f.version() + " is not above stored " + max);
      }
    }
    OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
    try (PreparedStatement ins = c.prepareStatement(
        "INSERT INTO tuf_files (gun, role, version, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement feed = c.prepareStatement(
            "INSERT INTO changefeed (created_at, gun, version, sha256, category) VALUES (?, ?, ?, ?, ?)")) {
      for (NewFile f : files) {
        String sha = f.data().sha256().hex();
        ins.setString(1, gun.value());
        ins.setString(2, f.role().value());
        ins.setInt(3, f.version());
        ins.setString(4, sha);
        ins.setBytes(5, f.data().unsafeArray());
        ins.setObject(6, now);
        ins.addBatch();
        if (f.role().equals(RoleName.TIMESTAMP)) {
          feed.setObject(1, now);
          feed.setString(2, gun.value());
          feed.setInt(3, f.version());
          feed.setString(4, sha);
          feed.setString(5, Change.Category.UPDATE.wireName());
          feed.addBatch();
        }
      }
      ins.executeBatch();
      feed.executeBatch();
    }
  }

  @Override
  public boolean delete(Gun gun) throws IOException {
    ReentrantLock lock = stripe(gun);
    lock.lock();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        lockGun(c, gun);
        int n;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM tuf_files WHERE gun = ?")) {
          ps.setString(1, gun.value());
          n = ps.executeUpdate();
        }
        if (n > 0) {
          try (PreparedStatement ps = c.prepareStatement(
              "INSERT INTO changefeed (created_at, gun, version, sha256, category) VALUES (?, ?, 0, '', ?)")) {
            ps.setObject(1, clock.instant().atOffset(ZoneOffset.UTC));
            ps.setString(2, gun.value());
            ps.setString(3, Change.Category.DELETION.wireName());
            ps.executeUpdate();
          }
        }
        c.commit();
        return n > 0;
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw io("delete", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Change> changes(Optional<Gun> gun, long afterId, int records) throws IOException {
    boolean reversed = afterId < 0 || records < 0;
    int limit = Math.abs(records);
    var sql = new StringBuilder("SELECT id, created_at, gun, version, sha256, category FROM changefeed WHERE 1 = 1");
    if (gun.isPresent()) {
      sql.append(" AND gun = ?");
    }
    if (reversed) {
      if (afterId > 0) {
        sql.append(" AND id < ?");
      }
      sql.append(" ORDER BY id DESC");
    } else {
      sql.append(" AND id > ? ORDER BY id ASC");
    }
    sql.append(" LIMIT ?");
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      if (gun.isPresent()) {
        ps.setString(i++, gun.get().value());
      }
      if (!reversed || afterId > 0) {
        ps.setLong(i++, afterId);
      }
      ps.setInt(i, limit);
      List<Change> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Change(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
              new Gun(rs.getString(3)), rs.getInt(4), rs.getString(5).strip(),
              rs.getString(6).equals("deletion") ? Change.Category.DELETION : Change.Category.UPDATE));
        }
      }
      if (reversed) {
        Collections.reverse(out);
      }
      return out;
    } catch (SQLException e) {
      throw io("changefeed", e);
    }
  }

  @Override
  public void ping() throws IOException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    } catch (SQLException e) {
      throw io("ping", e);
    }
  }

  private ReentrantLock stripe(Gun gun) {
    return stripes[Math.floorMod(gun.value().hashCode(), STRIPES)];
  }

  private static void ensureGunRow(Connection c, Gun gun) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tuf_guns WHERE gun = ?")) {
      ps.setString(1, gun.value());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO tuf_guns (gun) VALUES (?)")) {
      ps.setString(1, gun.value());
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!isUniqueViolation(e)) {
        throw e;
      }
      // another process inserted it first: fine
    }
  }

  /**
   * Locks the GUN's row for this transaction, creating the row first if needed (in its own
   * transaction, so a concurrent creator only makes one of the two inserts fail harmlessly).
   */
  private void lockGun(Connection c, Gun gun) throws SQLException {
    if (selectForUpdate(c, gun)) {
      return;
    }
    try (Connection other = dataSource.getConnection()) {
      ensureGunRow(other, gun);
    }
    if (!selectForUpdate(c, gun)) {
      throw new SQLException("row of " + gun + " vanished while locking it");
    }
  }

  private static boolean selectForUpdate(Connection c, Gun gun) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT gun FROM tuf_guns WHERE gun = ? FOR UPDATE")) {
      ps.setString(1, gun.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }


  private static boolean isUniqueViolation(SQLException e) {
    // SQLState class 23 = integrity constraint violation (H2 23505, PostgreSQL 23505)
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters; the connection is discarded by the pool if broken
    }
  }

  private static IOException io(String what, SQLException e) {
    return new IOException("metadata store " + what + " failed: " + e.getMessage(), e);
  }

  /** Time now, from the store's clock (exposed for the changefeed's record times in tests). */
  Instant now() {
    return clock.instant();
  }
}
