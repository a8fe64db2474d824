package dev.hallmark.policy.store;

import dev.hallmark.db.SchemaMigrations;
import dev.hallmark.policy.Policy;
import dev.hallmark.policy.PolicySource;
import dev.hallmark.policy.ScopedPolicy;
import dev.hallmark.policy.TeamName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy rules per scope in SQL (H2 or PostgreSQL, plain SQL both run), on the server's data source:
 * {@code policy_rules} (one row per scope; the global default is scope {@code ''}) and
 * {@code policy_rule_teams} (the required teams of a rule). The schema is applied by {@link #migrate()}
 * (Flyway, history in {@code flyway_policy_history}).
 *
 * <p>{@link #policyFor} runs on every admission review, so it answers from an in-memory copy of all
 * rules. The copy is replaced at once after a change made through this store, and re-read from the
 * database when it is older than the refresh interval (5 s by default), so a change made through
 * another replica applies here within that interval. When a re-read fails, the last rules read stay
 * in force (logged) and the next call after another interval tries again.
 *
 * {@snippet :
 * var policies = new JdbcPolicyStore(dataSource, clock);
 * policies.migrate();
 * policies.put("dev", Policy.requireSignatures(List.of(TeamName.parse("dev/admin"))), "admin");
 * policies.policyFor("dev/nginx"); // ScopedPolicy[scope=dev, policy=...]
 * }
 */
public final class JdbcPolicyStore implements PolicySource {
  /** How old the in-memory rules may get before they are re-read (changes made by other replicas). */
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(JdbcPolicyStore.class);
  private static final ScopedPolicy NO_RULE = new ScopedPolicy("", Policy.NONE);

  private final DataSource ds;
  private final Clock clock;
  private final Duration refresh;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Rules rules;

  /** The rules in force, most specific scope first, and when they were read. */
  private record Rules(List<PolicyRule> byScope, List<ScopedPolicy> mostSpecificFirst, Instant readAt) {
    static Rules of(List<PolicyRule> byScope, Instant readAt) {
      List<ScopedPolicy> specific = byScope.stream().map(PolicyRule::scoped)
          .sorted(Comparator.comparingInt((ScopedPolicy p) -> p.scope().length()).reversed()).toList();
      return new Rules(byScope, specific, readAt);
    }
  }

  /** A store re-reading its rules every {@link #DEFAULT_REFRESH}. */
  public JdbcPolicyStore(DataSource ds, Clock clock) {
    this(ds, clock, DEFAULT_REFRESH);
  }

  /** @param refresh how old the in-memory rules may get before they are re-read */
  public JdbcPolicyStore(DataSource ds, Clock clock, Duration refresh) {
    this.ds = Objects.requireNonNull(ds);
    this.clock = Objects.requireNonNull(clock);
    if (refresh.isNegative()) {
      throw new IllegalArgumentException("refresh interval must not be negative");
    }
    this.refresh = refresh;
  }

  /**
   * Brings the schema up to date with the Flyway migrations in {@code db/hallmark/policy}, recorded in
   * {@code flyway_policy_history}. A database last migrated by the runner before Flyway (which
   * recorded its steps in {@code hallmark_policy_schema}) is baselined at that runner's last step;
   * its table is left in place (read once, never written) so that an older release still starts.
   *
   * @throws PolicyStoreException when the database refuses
   */
  public void migrate() {
    try {
      SchemaMigrations.migrate(ds, JdbcPolicyStore.class.getClassLoader(), "policy", Optional.of("hallmark_policy_schema"));
    } catch (SQLException e) {
      throw unavailable("cannot read the schema version", e);
    } catch (FlywayException e) {
      throw new PolicyStoreException("policy database: cannot migrate: " + e.getMessage(), e);
    }
  }

  /**
   * The policy of the most specific stored scope covering the repository, else the stored global
   * default, else {@link Policy#NONE} at the global scope. Answers from memory (see the class comment).
   *
   * @throws PolicyStoreException only when the rules were never read and cannot be read now
   */
  @Override
  public ScopedPolicy policyFor(String repository) {
    for (ScopedPolicy p : current().mostSpecificFirst()) {
      if (p.covers(repository)) {
        return p;
      }
    }
    return NO_RULE;
  }

  /** All stored rules by scope, the global default (scope {@code ""}) first when one is stored. */
  public List<PolicyRule> list() {
    return current().byScope();
  }

  /** The rule stored for exactly this scope ({@code ""}: the global default). */
  public Optional<PolicyRule> get(String scope) {
    ScopedPolicy.checkScope(scope);
    return list().stream().filter(r -> r.scope().equals(scope)).findFirst();
  }

  /**
   * Sets the policy of a scope, replacing any rule stored for it; in force here at once, on other
   * replicas within their refresh interval.
   *
   * @param who the user making the change, for the audit columns
   * @throws IllegalArgumentException for an invalid scope
   * @throws PolicyStoreException when the database refuses
   */
  public PolicyRule put(String scope, Policy policy, String who) {
    // microseconds: what TIMESTAMP keeps in both H2 and PostgreSQL, so the answer equals what is read back
    var rule = new PolicyRule(new ScopedPolicy(scope, policy), clock.instant().truncatedTo(ChronoUnit.MICROS), who);
    for (int attempt = 1; ; attempt++) {
      try {
        inTransaction(c -> {
          try (PreparedStatement del = c.prepareStatement("DELETE FROM policy_rule_teams WHERE scope = ?");
              PreparedStatement upd = c.prepareStatement(
                  "UPDATE policy_rules SET require_content_trust = ?, updated_at = ?, updated_by = ? WHERE scope = ?")) {
            del.setString(1, scope);
            del.executeUpdate();
            upd.setBoolean(1, policy.requireContentTrust());
            upd.setObject(2, OffsetDateTime.ofInstant(rule.updatedAt(), ZoneOffset.UTC));
            upd.setString(3, who);
            upd.setString(4, scope);
            if (upd.executeUpdate() == 0) {
              try (PreparedStatement ins = c.prepareStatement("INSERT INTO policy_rules"
                  + " (scope, require_content_trust, updated_at, updated_by) VALUES (?, ?, ?, ?)")) {
                ins.setString(1, scope);
                ins.setBoolean(2, policy.requireContentTrust());
                ins.setObject(3, OffsetDateTime.ofInstant(rule.updatedAt(), ZoneOffset.UTC));
                ins.setString(4, who);
                ins.executeUpdate();
              }
            }
          }
          try (PreparedStatement ins = c.prepareStatement("INSERT INTO policy_rule_teams (scope, team) VALUES (?, ?)")) {
            for (TeamName t : policy.requireSignatureFrom()) {
              ins.setString(1, scope);
              ins.setString(2, t.toString());
              ins.addBatch();
            }
            if (!policy.requireSignatureFrom().isEmpty()) {
              ins.executeBatch();
            }
          }
        });
        break;
      } catch (SQLException e) {
        // 23505: another replica inserted the same new scope at the same moment; the retry updates it
        if (!"23505".equals(e.getSQLState()) || attempt == 2) {
          throw unavailable("cannot store the policy of " + describe(scope), e);
        }
      }
    }
    reload();
    return rule;
  }

  /**
   * Removes the rule of a scope; removing the global default leaves {@link Policy#NONE} in force.
   *
   * @return whether a rule was stored for the scope
   * @throws PolicyStoreException when the database refuses
   */
  public boolean remove(String scope) {
    ScopedPolicy.checkScope(scope);
    boolean[] removed = {false};
    try {
      inTransaction(c -> {
        // teams first: not every database applies ON DELETE CASCADE the same way inside one statement batch
        try (PreparedStatement teams = c.prepareStatement("DELETE FROM policy_rule_teams WHERE scope = ?");
            PreparedStatement rule = c.prepareStatement("DELETE FROM policy_rules WHERE scope = ?")) {
          teams.setString(1, scope);
          teams.executeUpdate();
          rule.setString(1, scope);
          removed[0] = rule.executeUpdate() > 0;
        }
      });
    } catch (SQLException e) {
      throw unavailable("cannot remove the policy of " + describe(scope), e);
    }
    reload();
    return removed[0];
  }

  private Rules current() {
    Rules r = rules;
    if (r != null && clock.instant().isBefore(r.readAt().plus(refresh))) {
      return r;
    }
    if (r != null && !reloading.tryLock()) {
      return r; // another thread is re-reading; the rules it replaces are at most one interval older
    }
    if (r == null) {
      reloading.lock();
    }
    try {
      Rules again = rules;
      if (again != null && again != r) {
        return again;
      }
      try {
        Rules fresh = read();
        rules = fresh;
        return fresh;
      } catch (PolicyStoreException e) {
        if (again == null) {
          throw e;
        }
        LOG.warn("policy rules: re-reading failed, the rules read at {} stay in force: {}", again.readAt(), e.getMessage());
        Rules kept = new Rules(again.byScope(), again.mostSpecificFirst(), clock.instant());
        rules = kept;
        return kept;
      }
    } finally {
      reloading.unlock();
    }
  }

  /** Re-reads after a change; when that fails the change is made all the same, and the next call re-reads. */
  private void reload() {
    reloading.lock();
    try {
      rules = read();
    } catch (PolicyStoreException e) {
      LOG.warn("policy rules: re-reading after a change failed, the next lookup tries again: {}", e.getMessage());
      Rules r = rules;
      if (r != null) {
        rules = new Rules(r.byScope(), r.mostSpecificFirst(), Instant.MIN);
      }
    } finally {
      reloading.unlock();
    }
  }

  private Rules read() {
    Instant readAt = clock.instant();
    Map<String, List<TeamName>> teams = new LinkedHashMap<>();
    List<PolicyRule> out = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      // one transaction so rules and teams are the same generation
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps = c.prepareStatement("SELECT scope, team FROM policy_rule_teams ORDER BY scope, team");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            teams.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(TeamName.parse(rs.getString(2)));
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT scope, require_content_trust, updated_at, updated_by FROM policy_rules ORDER BY scope");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String scope = rs.getString(1);
            var policy = new Policy(rs.getBoolean(2), teams.getOrDefault(scope, List.of()));
            out.add(new PolicyRule(new ScopedPolicy(scope, policy), rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getString(4)));
          }
        }
        c.commit();
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw unavailable("cannot read the policy rules", e);
    }
    return Rules.of(List.copyOf(out), readAt);
  }

  private interface Work {
    void run(Connection c) throws SQLException;
  }

  private void inTransaction(Work work) throws SQLException {
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
      }
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static String describe(String scope) {
    return scope.isEmpty() ? "the global default" : scope;
  }

  private static PolicyStoreException unavailable(String what, SQLException e) {
    return new PolicyStoreException("policy database: " + what + ": " + e.getMessage(), e);
  }
}
