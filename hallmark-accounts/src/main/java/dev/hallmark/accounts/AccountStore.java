package dev.hallmark.accounts;

import dev.hallmark.db.SchemaMigrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.hallmark.tuf.Keys;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;

/**
 * Accounts, organisation membership, teams, repositories, team access and client-bundle certificates in SQL (H2 or
 * PostgreSQL), on the server's data source. Tables are prefixed {@code acct_}; the schema is applied
 * by {@link #migrate()} (Flyway, history in {@code flyway_accounts_history}).
 */
public final class AccountStore {
  /** Bumped after every change this store makes, so readers can tell whether what they cached is current. */
  private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

  private final DataSource ds;
  private final Clock clock;

  public AccountStore(DataSource ds, Clock clock) {
    this.ds = ds;
    this.clock = clock;
  }

  /**
   * Brings the schema up to date with the Flyway migrations in {@code db/hallmark/accounts}, recorded
   * in {@code flyway_accounts_history}. A database last migrated by the runner before Flyway (which
   * recorded its steps in {@code hallmark_accounts_schema}) is baselined at that runner's last step;
   * its table is left in place (read once, never written) so that an older release still starts.
   *
   * @throws AccountException {@code UNAVAILABLE} when the database refuses
   */
  public void migrate() {
    try {
      SchemaMigrations.migrate(ds, AccountStore.class.getClassLoader(), "accounts", Optional.of("hallmark_accounts_schema"));
    } catch (SQLException e) {
      throw unavailable(e);
    } catch (FlywayException e) {
      var ex = new AccountException(AccountException.Code.UNAVAILABLE, "account database: " + e.getMessage());
      ex.initCause(e);
      throw ex;
    }
  }

  private OffsetDateTime now() {
    return utc(clock.instant());
  }

  // ---- accounts

  /** Creates a user with a password hash. @throws AccountException {@code ACCOUNT_EXISTS} */
  public Account createUser(String name, String passwordHash, boolean admin) {
    return insertAccount(name, false, admin, passwordHash);
  }

  /** Creates an organisation. @throws AccountException {@code ACCOUNT_EXISTS} */
  public Account createOrg(String name) {
    return insertAccount(name, true, false, null);
  }

  private Account insertAccount(String name, boolean org, boolean admin, String hash) {
    Account.checkName(name);
    String sql = "INSERT INTO acct_accounts (name, is_org, is_admin, password_hash, created_at) VALUES (?, ?, ?, ?, ?)";
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
      ps.setString(1, name);
      ps.setBoolean(2, org);
      ps.setBoolean(3, admin);
      ps.setString(4, hash);
      ps.setObject(5, now());
      ps.executeUpdate();
      generation.incrementAndGet();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return new Account(rs.getLong(1), name, org, admin);
      }
    } catch (SQLException e) {
      throw conflictOr(e, AccountException.Code.ACCOUNT_EXISTS, "account " + name + " exists");
    }
  }

  /** The account of that name. */
  public Optional<Account> find(String name) {
    List<Account> found = accounts("WHERE name = ?", name);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  /** The account of that name. @throws AccountException {@code NO_SUCH_ACCOUNT} */
  public Account get(String name) {
    return find(name).orElseThrow(() -> new AccountException(AccountException.Code.NO_SUCH_ACCOUNT, "no account " + name));
  }

  /** All accounts by name. */
  public List<Account> list() {
    return accounts("");
  }

  /** Whether any admin user exists. */
  public boolean hasAdmin() {
    return !accounts("WHERE is_admin = TRUE AND is_org = FALSE").isEmpty();
  }

  private List<Account> accounts(String where, Object... args) {
    String sql = "SELECT id, name, is_org, is_admin FROM acct_accounts " + where + " ORDER BY name";
    List<Account> out = new ArrayList<>();
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Account(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)));
        }
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
    return out;
  }

  /** The stored password hash of a user; empty for organisations and unknown names. */
  public Optional<String> passwordHash(String user) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM acct_accounts WHERE name = ? AND is_org = FALSE")) {
      ps.setString(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** Replaces a user's password hash. @throws AccountException {@code NO_SUCH_ACCOUNT} */
  public void setPasswordHash(String user, String hash) {
    requireOne(update("UPDATE acct_accounts SET password_hash = ? WHERE name = ? AND is_org = FALSE", hash, user),
        AccountException.Code.NO_SUCH_ACCOUNT, "no user " + user);
  }

  /** Makes a user an admin or not. @throws AccountException {@code NO_SUCH_ACCOUNT} */
  public void setAdmin(String user, boolean admin) {
    requireOne(update("UPDATE acct_accounts SET is_admin = ? WHERE name = ? AND is_org = FALSE", admin, user),
        AccountException.Code.NO_SUCH_ACCOUNT, "no user " + user);
  }

  /** Deletes an account with its memberships, teams and repositories. @throws AccountException {@code NO_SUCH_ACCOUNT} */
  public void delete(String name) {
    requireOne(update("DELETE FROM acct_accounts WHERE name = ?", name), AccountException.Code.NO_SUCH_ACCOUNT, "no account " + name);
  }

  // ---- organisation members

  /** Adds a user to an organisation, or changes their admin flag. */
  public void putOrgMember(String org, String user, boolean admin) {
    Account o = org(org);
    Account u = user(user);
    inTransaction(c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM acct_org_members WHERE org_id = ? AND user_id = ?");
          PreparedStatement ins = c.prepareStatement("INSERT INTO acct_org_members (org_id, user_id, is_admin) VALUES (?, ?, ?)")) {
        bind(del, o.id(), u.id());
        del.executeUpdate();
        bind(ins, o.id(), u.id(), admin);
        ins.executeUpdate();
      }
    });
  }

  /** Removes a user from an organisation and all its teams. @throws AccountException {@code NO_SUCH_MEMBER} */
  public void removeOrgMember(String org, String user) {
    Account o = org(org);
    Account u = user(user);
    inTransaction(c -> {
      try (PreparedStatement tm = c.prepareStatement(
          "DELETE FROM acct_team_members WHERE user_id = ? AND team_id IN (SELECT id FROM acct_teams WHERE org_id = ?)");
          PreparedStatement om = c.prepareStatement("DELETE FROM acct_org_members WHERE org_id = ? AND user_id = ?")) {
        bind(tm, u.id(), o.id());
        tm.executeUpdate();
        bind(om, o.id(), u.id());
        if (om.executeUpdate() == 0) {
          throw new AccountException(AccountException.Code.NO_SUCH_MEMBER, user + " is not a member of " + org);
        }
      }
    });
  }

  /** Members of an organisation by name. */
  public List<Member> orgMembers(String org) {
    Account o = org(org);
    List<Member> out = new ArrayList<>();
    query("SELECT a.name, m.is_admin FROM acct_org_members m JOIN acct_accounts a ON a.id = m.user_id WHERE m.org_id = ? ORDER BY a.name",
        rs -> out.add(new Member(rs.getString(1), rs.getBoolean(2))), o.id());
    return out;
  }

  /** Whether {@code user} is an admin (owner) of organisation {@code orgId}. */
  boolean isOrgAdmin(long orgId, long userId) {
    boolean[] admin = {false};
    query("SELECT is_admin FROM acct_org_members WHERE org_id = ? AND user_id = ?", rs -> admin[0] = rs.getBoolean(1), orgId, userId);
    return admin[0];
  }

  // ---- teams

  /** Creates a team in an organisation. @throws AccountException {@code TEAM_EXISTS} */
  public Team createTeam(String org, String name) {
    Account o = org(org);
    Account.checkName(name);
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO acct_teams (org_id, name) VALUES (?, ?)", new String[] {"id"})) {
      bind(ps, o.id(), name);
      ps.executeUpdate();
      generation.incrementAndGet();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return new Team(rs.getLong(1), org, name);
      }
    } catch (SQLException e) {
      throw conflictOr(e, AccountException.Code.TEAM_EXISTS, "team " + org + "/" + name + " exists");
    }
  }

  /** Teams of an organisation by name. */
  public List<Team> teams(String org) {
    Account o = org(org);
    List<Team> out = new ArrayList<>();
    query("SELECT id, name FROM acct_teams WHERE org_id = ? ORDER BY name", rs -> out.add(new Team(rs.getLong(1), org, rs.getString(2))), o.id());
    return out;
  }

  /** A team. @throws AccountException {@code NO_SUCH_TEAM} */
  public Team team(String org, String name) {
    return teams(org).stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new AccountException(AccountException.Code.NO_SUCH_TEAM, "no team " + org + "/" + name));
  }

  /** Deletes a team. @throws AccountException {@code NO_SUCH_TEAM} */
  public void deleteTeam(String org, String name) {
    requireOne(update("DELETE FROM acct_teams WHERE id = ?", team(org, name).id()), AccountException.Code.NO_SUCH_TEAM, "no team");
  }

  /** Adds a user to a team (and to the organisation, as a plain member, if not yet one). */
  public void addTeamMember(String org, String team, String user) {
    Team t = team(org, team);
    Account o = org(org);
    Account u = user(user);
    inTransaction(c -> {
      try (PreparedStatement om = c.prepareStatement("SELECT 1 FROM acct_org_members WHERE org_id = ? AND user_id = ?")) {
        bind(om, o.id(), u.id());
        try (ResultSet rs = om.executeQuery()) {
          if (!rs.next()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO acct_org_members (org_id, user_id, is_admin) VALUES (?, ?, FALSE)")) {
              bind(ins, o.id(), u.id());
              ins.executeUpdate();
            }
          }
        }
      }
      try (PreparedStatement del = c.prepareStatement("DELETE FROM acct_team_members WHERE team_id = ? AND user_id = ?");
          PreparedStatement ins = c.prepareStatement("INSERT INTO acct_team_members (team_id, user_id) VALUES (?, ?)")) {
        bind(del, t.id(), u.id());
        del.executeUpdate();
        bind(ins, t.id(), u.id());
        ins.executeUpdate();
      }
    });
  }

  /** Removes a user from a team. @throws AccountException {@code NO_SUCH_MEMBER} */
  public void removeTeamMember(String org, String team, String user) {
    Team t = team(org, team);
    Account u = user(user);
    requireOne(update("DELETE FROM acct_team_members WHERE team_id = ? AND user_id = ?", t.id(), u.id()),
        AccountException.Code.NO_SUCH_MEMBER, user + " is not in team " + org + "/" + team);
  }

  /** Members of a team by name. */
  public List<String> teamMembers(String org, String team) {
    Team t = team(org, team);
    List<String> out = new ArrayList<>();
    query("SELECT a.name FROM acct_team_members m JOIN acct_accounts a ON a.id = m.user_id WHERE m.team_id = ? ORDER BY a.name",
        rs -> out.add(rs.getString(1)), t.id());
    return out;
  }

  // ---- repositories

  /** Creates a repository. @throws AccountException {@code REPOSITORY_EXISTS}, {@code NO_SUCH_ACCOUNT} */
  public Repository createRepository(String namespace, String name, Visibility visibility, boolean immutableTags) {
    Account ns = get(namespace);
    Repository.checkName(name);
    String sql = "INSERT INTO acct_repositories (namespace_id, name, visibility, immutable_tags, created_at) VALUES (?, ?, ?, ?, ?)";
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
      bind(ps, ns.id(), name, visibility.wireName(), immutableTags, now());
      ps.executeUpdate();
      generation.incrementAndGet();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return new Repository(rs.getLong(1), namespace, name, visibility, immutableTags);
      }
    } catch (SQLException e) {
      throw conflictOr(e, AccountException.Code.REPOSITORY_EXISTS, "repository " + namespace + "/" + name + " exists");
    }
  }

  /** The repository {@code namespace/name}. */
  public Optional<Repository> findRepository(String namespace, String name) {
    List<Repository> r = repositories("WHERE a.name = ? AND r.name = ?", namespace, name);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.getFirst());
  }

  /**
   * The repository a registry repository name or scope name belongs to: {@code acme/app/arm64} is
   * {@code app/arm64} of {@code acme}, as {@link Grants} reads it (a leading registry host is skipped).
   */
  public Optional<Repository> findRepositoryAt(String path) {
    return Grants.repositoryPath(path).flatMap(p -> findRepository(p[0], p[1]));
  }

  /** The repository. @throws AccountException {@code NO_SUCH_REPOSITORY} */
  public Repository repository(String namespace, String name) {
    return findRepository(namespace, name).orElseThrow(() ->
        new AccountException(AccountException.Code.NO_SUCH_REPOSITORY, "no repository " + namespace + "/" + name));
  }

  /** All repositories, or those of one namespace. */
  public List<Repository> repositories(Optional<String> namespace) {
    return namespace.isPresent() ? repositories("WHERE a.name = ?", get(namespace.get()).name()) : repositories("");
  }

  private List<Repository> repositories(String where, Object... args) {
    List<Repository> out = new ArrayList<>();
    query("SELECT r.id, a.name, r.name, r.visibility, r.immutable_tags FROM acct_repositories r"
        + " JOIN acct_accounts a ON a.id = r.namespace_id " + where + " ORDER BY a.name, r.name",
        rs -> out.add(new Repository(rs.getLong(1), rs.getString(2), rs.getString(3), Visibility.fromWire(rs.getString(4)), rs.getBoolean(5))),
        args);
    return out;
  }

  /** Changes visibility and the immutable-tags flag. @throws AccountException {@code NO_SUCH_REPOSITORY} */
  public Repository updateRepository(String namespace, String name, Visibility visibility, boolean immutableTags) {
    Repository r = repository(namespace, name);
    update("UPDATE acct_repositories SET visibility = ?, immutable_tags = ? WHERE id = ?", visibility.wireName(), immutableTags, r.id());
    return new Repository(r.id(), namespace, name, visibility, immutableTags);
  }

  /** Deletes a repository record. @throws AccountException {@code NO_SUCH_REPOSITORY} */
  public void deleteRepository(String namespace, String name) {
    update("DELETE FROM acct_repositories WHERE id = ?", repository(namespace, name).id());
  }

  /** Gives a team of the repository's organisation an access level on it. */
  public void putTeamAccess(String namespace, String repo, String team, AccessLevel level) {
    Repository r = repository(namespace, repo);
    Team t = team(namespace, team);
    inTransaction(c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM acct_team_access WHERE team_id = ? AND repository_id = ?");
          PreparedStatement ins = c.prepareStatement("INSERT INTO acct_team_access (team_id, repository_id, access_level) VALUES (?, ?, ?)")) {
        bind(del, t.id(), r.id());
        del.executeUpdate();
        bind(ins, t.id(), r.id(), level.wireName());
        ins.executeUpdate();
      }
    });
  }

  /** Removes a team's access to a repository. */
  public void removeTeamAccess(String namespace, String repo, String team) {
    Repository r = repository(namespace, repo);
    Team t = team(namespace, team);
    requireOne(update("DELETE FROM acct_team_access WHERE team_id = ? AND repository_id = ?", t.id(), r.id()),
        AccountException.Code.NOT_FOUND, "team " + team + " has no access to " + r.path());
  }

  /** The access levels of the user's teams on a repository. */
  List<AccessLevel> teamLevels(long userId, long repositoryId) {
    List<AccessLevel> out = new ArrayList<>();
    query("SELECT ta.access_level FROM acct_team_access ta JOIN acct_team_members tm ON tm.team_id = ta.team_id"
        + " WHERE tm.user_id = ? AND ta.repository_id = ?", rs -> out.add(AccessLevel.fromWire(rs.getString(1))), userId, repositoryId);
    return out;
  }

  /** The teams a user belongs to now, by organisation and name. @throws AccountException {@code NO_SUCH_ACCOUNT} */
  public List<Team> teamsOf(String user) {
    Account u = user(user);
    List<Team> out = new ArrayList<>();
    query("SELECT t.id, o.name, t.name FROM acct_team_members m JOIN acct_teams t ON t.id = m.team_id"
        + " JOIN acct_accounts o ON o.id = t.org_id WHERE m.user_id = ? ORDER BY o.name, t.name",
        rs -> out.add(new Team(rs.getLong(1), rs.getString(2), rs.getString(3))), u.id());
    return out;
  }

  // ---- client-bundle certificates

  /**
   * Records a certificate the server CA issued to a user; serial, subject, validity and the canonical
   * key ID are taken from the certificate.
   *
   * @throws AccountException {@code NO_SUCH_ACCOUNT} for an unknown user or an organisation,
   *     {@code CONFLICT} when a certificate with that serial is already recorded
   */
  public ClientCertificate addCertificate(String user, X509Certificate certificate) {
    Account u = user(user);
    var key = Keys.fromCertificate(certificate);
    String pem = key.pemText();
    String serial = certificate.getSerialNumber().toString(16);
    String subject = certificate.getSubjectX500Principal().getName();
    String keyId = key.canonicalId().value();
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    OffsetDateTime created = now();
    String sql = "INSERT INTO acct_certificates (user_id, serial, subject, key_id, pem, not_before, not_after, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
      bind(ps, u.id(), serial, subject, keyId, pem, utc(notBefore), utc(notAfter), created);
      ps.executeUpdate();
      generation.incrementAndGet();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return new ClientCertificate(rs.getLong(1), user, serial, subject, keyId, pem, notBefore, notAfter,
            created.toInstant(), Optional.empty());
      }
    } catch (SQLException e) {
      throw conflictOr(e, AccountException.Code.CONFLICT, "certificate " + serial + " is already recorded");
    }
  }

  /** A user's certificates, revoked and expired ones included, oldest first. @throws AccountException {@code NO_SUCH_ACCOUNT} */
  public List<ClientCertificate> certificates(String user) {
    return certificates("WHERE c.user_id = ?", user(user).id());
  }

  /**
   * Revokes one of a user's certificates; revoking it again keeps the first revocation time.
   *
   * @throws AccountException {@code NO_SUCH_ACCOUNT}, {@code NO_SUCH_CERTIFICATE} when the user has no
   *     certificate of that ID
   */
  public ClientCertificate revokeCertificate(String user, long id) {
    Account u = user(user);
    if (certificates("WHERE c.user_id = ? AND c.id = ?", u.id(), id).isEmpty()) {
      throw new AccountException(AccountException.Code.NO_SUCH_CERTIFICATE, "user " + user + " has no certificate " + id);
    }
    update("UPDATE acct_certificates SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now(), id);
    return certificates("WHERE c.id = ?", id).getFirst();
  }

  /**
   * The user of the certificate whose public key has this canonical TUF key ID, if that certificate
   * is not revoked and {@code now} is within its validity.
   */
  public Optional<CertificateOwner> ownerOfKey(String canonicalKeyId, Instant now) {
    OffsetDateTime t = utc(now);
    List<CertificateOwner> out = new ArrayList<>();
    // the newest wins should the same key ever be certified twice
    query("SELECT a.name, c.id, c.serial FROM acct_certificates c JOIN acct_accounts a ON a.id = c.user_id"
        + " WHERE c.key_id = ? AND c.revoked_at IS NULL AND c.not_before <= ? AND c.not_after >= ? ORDER BY c.id DESC",
        rs -> out.add(new CertificateOwner(rs.getString(1), rs.getLong(2), rs.getString(3))), canonicalKeyId, t, t);
    return out.stream().findFirst();
  }

  private List<ClientCertificate> certificates(String where, Object... args) {
    List<ClientCertificate> out = new ArrayList<>();
    query("SELECT c.id, a.name, c.serial, c.subject, c.key_id, c.pem, c.not_before, c.not_after, c.created_at, c.revoked_at"
        + " FROM acct_certificates c JOIN acct_accounts a ON a.id = c.user_id " + where + " ORDER BY c.id",
        rs -> out.add(new ClientCertificate(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
            Optional.ofNullable(rs.getObject(10, OffsetDateTime.class)).map(OffsetDateTime::toInstant))),
        args);
    return out;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  // ---- plumbing

  private Account org(String name) {
    Account a = get(name);
    if (!a.isOrg()) {
      throw new AccountException(AccountException.Code.NO_SUCH_ACCOUNT, name + " is not an organisation");
    }
    return a;
  }

  private Account user(String name) {
    Account a = get(name);
    if (a.isOrg()) {
      throw new AccountException(AccountException.Code.NO_SUCH_ACCOUNT, name + " is not a user");
    }
    return a;
  }

  private interface Rows {
    void row(ResultSet rs) throws SQLException;
  }

  private interface Work {
    void run(Connection c) throws SQLException;
  }

  private void query(String sql, Rows rows, Object... args) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.row(rs);
        }
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private int update(String sql, Object... args) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw conflictOr(e, AccountException.Code.CONFLICT, "conflicting change");
    } finally {
      generation.incrementAndGet();
    }
  }

  /**
   * A number that changes after every change made through this store (not through other replicas'
   * stores): a cache of accounts, teams or certificates read at one generation is current while it
   * stays the same.
   */
  public long generation() {
    return generation.get();
  }

  private void inTransaction(Work work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
        generation.incrementAndGet();
      }
    } catch (SQLException e) {
      throw conflictOr(e, AccountException.Code.CONFLICT, "conflicting change");
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  private static void requireOne(int rows, AccountException.Code code, String message) {
    if (rows == 0) {
      throw new AccountException(code, message);
    }
  }

  private static AccountException conflictOr(SQLException e, AccountException.Code code, String message) {
    // 23505 unique violation, 23503 foreign key violation (both in H2 and PostgreSQL)
    if ("23505".equals(e.getSQLState()) || "23503".equals(e.getSQLState())) {
      return new AccountException(code, message);
    }
    return unavailable(e);
  }

  private static AccountException unavailable(SQLException e) {
    var ex = new AccountException(AccountException.Code.UNAVAILABLE, "account database: " + e.getMessage());
    ex.initCause(e);
    return ex;
  }
}
