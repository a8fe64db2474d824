package dev.hallmark.policy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.policy.Policy;
import dev.hallmark.policy.ScopedPolicy;
import dev.hallmark.policy.TeamName;
import dev.hallmark.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy store on H2 (a file); {@link JdbcPolicyStoreOnPostgresTest} runs it on PostgreSQL. */
class JdbcPolicyStoreTest {
  private static final Policy ANY_SIGNER = Policy.requireSignatures(List.of());
  private static final Policy ADMINS = Policy.requireSignatures(List.of(TeamName.parse("dev/admin")));
  private static final Policy QA_AND_ADMINS = Policy.requireSignatures(List.of(TeamName.parse("dev/qa"), TeamName.parse("dev/admin")));


  @TempDir
  Path dir;
  DataSource ds;
  MutableClock clock = new MutableClock(Instant.parse("2025-06-01T10:00:00Z"));
  JdbcPolicyStore store;

  /** An empty database for one test. */
  DataSource newDatabase() {
    var h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";LOCK_TIMEOUT=15000");
    return h2;
  }

  @BeforeEach
  void open() {
    ds = newDatabase();
    store = new JdbcPolicyStore(ds, clock);
    store.migrate();
  }

  @Test
  void noRuleAtAllMeansNoRequirement() {
    assertThat(store.policyFor("dev/nginx")).isEqualTo(new ScopedPolicy("", Policy.NONE));
    assertThat(store.list()).isEmpty();
    assertThat(store.get("")).isEmpty();
  }

  @Test
  void mostSpecificCoveringScopeWins() {
    store.put("", ANY_SIGNER, "admin");
    store.put("dev", ADMINS, "admin");
    store.put("dev/nginx", QA_AND_ADMINS, "admin");
    store.put("dev/nginx/legacy", Policy.NONE, "admin");

    assertThat(store.policyFor("other/app")).isEqualTo(new ScopedPolicy("", ANY_SIGNER));
    assertThat(store.policyFor("dev")).isEqualTo(new ScopedPolicy("dev", ADMINS));
    assertThat(store.policyFor("dev/redis")).isEqualTo(new ScopedPolicy("dev", ADMINS));
    assertThat(store.policyFor("dev/nginx")).isEqualTo(new ScopedPolicy("dev/nginx", QA_AND_ADMINS));
    assertThat(store.policyFor("dev/nginx/base")).isEqualTo(new ScopedPolicy("dev/nginx", QA_AND_ADMINS));
    assertThat(store.policyFor("dev/nginx-extra")).isEqualTo(new ScopedPolicy("dev", ADMINS));
    assertThat(store.policyFor("dev/nginx/legacy/x")).isEqualTo(new ScopedPolicy("dev/nginx/legacy", Policy.NONE));
    // "dev" does not cover "devops/x"
    assertThat(store.policyFor("devops/x")).isEqualTo(new ScopedPolicy("", ANY_SIGNER));
  }

  @Test
  void putReplacesAndRemoveRemoves() {
    store.put("dev", QA_AND_ADMINS, "alice");
    clock.advance(Duration.ofSeconds(60));
    PolicyRule r = store.put("dev", ADMINS, "bob");
    assertThat(r.updatedBy()).isEqualTo("bob");
    assertThat(store.get("dev")).hasValue(new PolicyRule(new ScopedPolicy("dev", ADMINS), clock.instant(), "bob"));
    assertThat(store.list()).extracting(PolicyRule::scope).containsExactly("dev");

    assertThat(store.remove("dev")).isTrue();
    assertThat(store.remove("dev")).isFalse();
    assertThat(store.get("dev")).isEmpty();
    assertThat(store.policyFor("dev/x").policy()).isEqualTo(Policy.NONE);
  }

  @Test
  void listsByScopeWithTheGlobalDefaultFirst() {
    store.put("dev/nginx", ADMINS, "admin");
    store.put("", ANY_SIGNER, "admin");
    store.put("acme", Policy.NONE, "admin");
    assertThat(store.list()).extracting(PolicyRule::scope).containsExactly("", "acme", "dev/nginx");
    assertThat(store.get("dev/nginx").orElseThrow().policy().requireSignatureFrom()).containsExactly(TeamName.parse("dev/admin"));
  }

  @Test
  void rulesSurviveARestart() {
    store.put("", ANY_SIGNER, "admin");
    store.put("dev", QA_AND_ADMINS, "admin");
    var reopened = new JdbcPolicyStore(ds, clock);
    reopened.migrate(); // a second migration changes nothing
    assertThat(reopened.list()).isEqualTo(store.list());
    assertThat(reopened.policyFor("dev/app")).isEqualTo(new ScopedPolicy("dev", QA_AND_ADMINS));
  }

  @Test
  void anotherReplicasChangeAppliesAfterTheRefreshInterval() {
    var other = new JdbcPolicyStore(ds, clock, Duration.ofSeconds(5));
    assertThat(other.policyFor("dev/app").policy()).isEqualTo(Policy.NONE);

    store.put("dev", ADMINS, "admin");
    clock.advance(Duration.ofSeconds(4));
    assertThat(other.policyFor("dev/app").policy()).as("cached for 5 s").isEqualTo(Policy.NONE);
    clock.advance(Duration.ofSeconds(1));
    assertThat(other.policyFor("dev/app").policy()).isEqualTo(ADMINS);
  }

  @Test
  void invalidScopesChangeNothing() {
    store.put("dev", ADMINS, "admin");
    for (String bad : List.of("_trust", "dev/_trust", "Dev", "dev/", "x".repeat(256))) {
      assertThatThrownBy(() -> store.put(bad, Policy.NONE, "admin")).as(bad).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.remove(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(store.list()).extracting(PolicyRule::scope).containsExactly("dev");
  }

  @Test
  void keepsTheLastRulesWhenTheDatabaseGoesAway() throws Exception {
    store.put("dev", ADMINS, "admin");
    try (var c = ds.getConnection(); var s = c.createStatement()) {
      s.execute("DROP TABLE policy_rule_teams");
    }
    clock.advance(Duration.ofSeconds(10));
    assertThat(store.policyFor("dev/app").policy()).isEqualTo(ADMINS);
    var fresh = new JdbcPolicyStore(ds, clock);
    assertThatThrownBy(() -> fresh.policyFor("dev/app")).isInstanceOf(PolicyStoreException.class)
        .hasMessageContaining("policy database");
  }
}
