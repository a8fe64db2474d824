package dev.hallmark.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gun and RoleName rules (reference section 4, tuf/data/roles.go IsDelegation). */
class NamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"targets/releases", "targets/a/b/c", "targets/team-1_x", "targets/0", "targets/a-"})
  void acceptsDelegationNames(String name) {
    RoleName r = RoleName.delegation(name);
    assertThat(r.isDelegation()).isTrue();
    assertThat(r.isTargetsFamily()).isTrue();
    assertThat(RoleName.isValid(name)).isTrue();
    assertThat(RoleName.of(name)).isEqualTo(r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"targets/Upper", "targets/Team", "targets/", "targets//a", "targets/a/", "targets/./a",
      "targets/a/..", "targets/../root", "targets/.", "targets/a b", "targets/a.b", "targets/*", "targets/é",
      "targets", "Targets/a", "root/a", "/targets/a", "targets\\a", "targets/a\n", ""})
  void rejectsInvalidDelegationNames(String name) {
    assertThatThrownBy(() -> RoleName.delegation(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void delegationNamesAreShorterThan256() {
    String max = "targets/" + "a".repeat(255 - "targets/".length());
    assertThat(max).hasSize(255);
    assertThat(RoleName.delegation(max).value()).isEqualTo(max);
    assertThatThrownBy(() -> RoleName.delegation(max + "a")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void baseRolesAreConstants() {
    assertThat(RoleName.of("root")).isSameAs(RoleName.ROOT);
    assertThat(RoleName.of("targets")).isSameAs(RoleName.TARGETS);
    assertThat(RoleName.of("snapshot")).isSameAs(RoleName.SNAPSHOT);
    assertThat(RoleName.of("timestamp")).isSameAs(RoleName.TIMESTAMP);
    assertThat(RoleName.TARGETS.isTargetsFamily()).isTrue();
    assertThat(RoleName.TARGETS.isDelegation()).isFalse();
    assertThat(RoleName.ROOT.isTargetsFamily()).isFalse();
    assertThat(RoleName.isValid("Root")).isFalse();
    assertThatThrownBy(() -> RoleName.of("Root")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RoleName.of("targets/")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parentAndDepth() {
    assertThat(RoleName.delegation("targets/a/b").parent()).isEqualTo(RoleName.delegation("targets/a"));
    assertThat(RoleName.delegation("targets/a").parent()).isSameAs(RoleName.TARGETS);
    assertThat(RoleName.delegation("targets/a/b").depth()).isEqualTo(2);
    assertThat(RoleName.ROOT.depth()).isZero();
    assertThatThrownBy(RoleName.TARGETS::parent).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(RoleName.ROOT::parent).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"docker.io/library/alpine", "example.com/app", "localhost:5000/team/app",
      "127.0.0.1:5050/a_b-c.d", "Example.COM/App", "registry/ns/repo@x", "a", "a+b~c"})
  void acceptsGuns(String value) {
    assertThat(new Gun(value).value()).isEqualTo(value);
    assertThat(Gun.problem(value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/app", "app/", "a//b", "a/./b", "a/../b", "..", "a b", "a\tb", "a\nb", "a*b",
      "a\\b", "a?b", "a%2fb", "é/app", "a/_trust/b", "_trust", "a/_trust", "a\u0000b"})
  void rejectsGuns(String value) {
    assertThatThrownBy(() -> new Gun(value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid GUN");
    assertThat(Gun.problem(value)).isNotNull();
  }

  @Test
  void gunsAreAtMost255Bytes() {
    String max = "example.com/" + "a".repeat(255 - 12);
    assertThat(new Gun(max).value()).hasSize(255);
    assertThatThrownBy(() -> new Gun(max + "a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("255");
  }
}
