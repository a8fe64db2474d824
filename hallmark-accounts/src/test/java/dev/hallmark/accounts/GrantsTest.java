package dev.hallmark.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.auth.Action;
import dev.hallmark.auth.Scope;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Grants over the account store on H2; {@link GrantsOnPostgresTest} runs them on PostgreSQL. */
class GrantsTest {
  private AccountStore store;
  private Grants grants;
  private Identity alice;
  private Identity bob;
  private Identity carol;
  private Identity root;

  /** An empty database for one test. */
  DataSource newDatabase() {
    var ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:grants-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  @BeforeEach
  void setUp() {
    store = new AccountStore(newDatabase(), Clock.systemUTC());
    store.migrate();
    store.migrate(); // idempotent
    alice = new Identity.User(store.createUser("alice", "h", false));
    bob = new Identity.User(store.createUser("bob", "h", false));
    carol = new Identity.User(store.createUser("carol", "h", false));
    root = new Identity.User(store.createUser("root", "h", true));
    store.createRepository("alice", "pub", Visibility.PUBLIC, false);
    store.createRepository("alice", "priv", Visibility.PRIVATE, true);
    store.createOrg("acme");
    store.createTeam("acme", "devs");
    store.createTeam("acme", "readers");
    store.addTeamMember("acme", "devs", "bob");
    store.addTeamMember("acme", "readers", "carol");
    store.createRepository("acme", "app", Visibility.PRIVATE, false);
    store.putTeamAccess("acme", "app", "devs", AccessLevel.READ_WRITE);
    store.putTeamAccess("acme", "app", "readers", AccessLevel.READ_ONLY);
  }

  private Set<Action> allowed(Identity who, String name) {
    return grants.allowed(who, Scope.repository(name, Action.ALL));
  }

  @Test
  void decidesAsDtr() {
    grants = new Grants(store);
    Identity anon = Identity.Anonymous.INSTANCE;
    assertThat(allowed(anon, "alice/pub")).containsExactly(Action.PULL);
    assertThat(allowed(anon, "alice/priv")).isEmpty();
    assertThat(allowed(alice, "alice/priv")).containsExactlyInAnyOrder(Action.values());
    assertThat(allowed(alice, "alice/not-yet-created")).containsExactlyInAnyOrder(Action.values());
    assertThat(allowed(alice, "registry.example.com:5000/alice/priv")).containsExactlyInAnyOrder(Action.values());
    assertThat(allowed(bob, "alice/priv")).isEmpty();
    assertThat(allowed(bob, "alice/pub")).containsExactly(Action.PULL);
    assertThat(allowed(bob, "acme/app")).containsExactlyInAnyOrder(Action.PULL, Action.PUSH);
    assertThat(allowed(carol, "acme/app")).containsExactly(Action.PULL);
    assertThat(allowed(alice, "acme/app")).isEmpty();
    assertThat(allowed(root, "anything/at/all")).containsExactlyInAnyOrder(Action.values());
    assertThat(grants.allowed(alice, Scope.CATALOG)).isEmpty();
    assertThat(grants.allowed(root, Scope.CATALOG)).contains(Action.ALL);
    store.putOrgMember("acme", "alice", true);
    assertThat(allowed(alice, "acme/app")).containsExactlyInAnyOrder(Action.values());
  }

  @Test
  void grantKeepsOnlyAllowedActions() {
    grants = new Grants(store);
    List<Scope> g = grants.grant(bob, List.of(Scope.parse("repository:acme/app:push,pull,*"),
        Scope.parse("repository:alice/priv:pull"), Scope.parse("registry:catalog:*")));
    assertThat(g).extracting(Scope::format).containsExactly("repository:acme/app:push,pull");
  }

  @Test
  void storeRefusesDuplicatesAndBadNames() {
    assertThatThrownBy(() -> store.createUser("alice", "h", false)).isInstanceOf(AccountException.class)
        .extracting(e -> ((AccountException) e).code()).isEqualTo(AccountException.Code.ACCOUNT_EXISTS);
    assertThatThrownBy(() -> store.createUser("Alice", "h", false)).extracting(e -> ((AccountException) e).code())
        .isEqualTo(AccountException.Code.INVALID_NAME);
    assertThatThrownBy(() -> store.createRepository("acme", "app", Visibility.PUBLIC, false))
        .extracting(e -> ((AccountException) e).code()).isEqualTo(AccountException.Code.REPOSITORY_EXISTS);
    assertThatThrownBy(() -> store.createTeam("alice", "x")).extracting(e -> ((AccountException) e).code())
        .isEqualTo(AccountException.Code.NO_SUCH_ACCOUNT);
  }

  @Test
  void deletingANamespaceRemovesItsRepositoriesAndMemberships() {
    store.delete("acme");
    assertThat(store.findRepository("acme", "app")).isEmpty();
    store.delete("bob");
    assertThat(store.find("bob")).isEmpty();
    assertThat(store.repositories(java.util.Optional.empty())).extracting(Repository::path)
        .containsExactly("alice/priv", "alice/pub");
  }
}
