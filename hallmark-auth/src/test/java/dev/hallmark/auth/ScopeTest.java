package dev.hallmark.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeTest {
  @Test
  void parsesRepositoryScopeWithSeveralActions() {
    Scope s = Scope.parse("repository:foo/bar:pull,push");
    assertThat(s.type()).isEqualTo("repository");
    assertThat(s.name()).isEqualTo("foo/bar");
    assertThat(s.actions()).containsExactly(Action.PULL, Action.PUSH);
    assertThat(s.format()).isEqualTo("repository:foo/bar:pull,push");
  }

  @Test
  void nameMayHoldARegistryPort() {
    Scope s = Scope.parse("repository:localhost:5000/app:*");
    assertThat(s.name()).isEqualTo("localhost:5000/app");
    assertThat(s.actions()).containsExactly(Action.ALL);
  }

  @Test
  void parsesCatalogAndClassedTypes() {
    assertThat(Scope.parse("registry:catalog:*")).isEqualTo(Scope.CATALOG);
    assertThat(Scope.parse("repository(plugin):a/b:pull").type()).isEqualTo("repository(plugin)");
  }

  @Test
  void dropsUnknownActionsAndDuplicates() {
    assertThat(Scope.parse("repository:a:pull,fly,pull").actions()).containsExactly(Action.PULL);
  }

  @Test
  void rejectsMalformedScopes() {
    assertThatThrownBy(() -> Scope.parse("repository:foo")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Scope.parse(":a:pull")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Scope.parse("repository::pull")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Scope.parse("Repo:a:pull")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesSpaceSeparatedLists() {
    assertThat(Scope.parseAll("repository:a:pull  registry:catalog:*")).containsExactly(
        Scope.repository("a", Action.PULL), Scope.CATALOG);
  }

  @Test
  void starGrantsEveryAction() {
    Scope all = Scope.repository("a", Action.ALL);
    assertThat(all.grants(Access.repository("a", Action.PUSH))).isTrue();
    assertThat(all.grants(Access.repository("b", Action.PUSH))).isFalse();
    assertThat(Scope.repository("a", Action.PULL).grants(Access.repository("a", Action.ALL))).isFalse();
  }

  @Test
  void groupsAccessesIntoChallengeScopes() {
    List<Scope> scopes = Access.toScopes(List.of(Access.repository("x", Action.PUSH), Access.repository("x", Action.PULL),
        Access.CATALOG));
    assertThat(scopes).extracting(Scope::format).containsExactly("repository:x:push,pull", "registry:catalog:*");
  }
}
