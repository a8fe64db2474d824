package dev.hallmark.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopedPolicyTest {
  @Test
  void coversWholePathComponentsOnly() {
    var dev = new ScopedPolicy("dev", Policy.NONE);
    assertThat(dev.covers("dev")).isTrue();
    assertThat(dev.covers("dev/nginx")).isTrue();
    assertThat(dev.covers("dev/nginx/base")).isTrue();
    assertThat(dev.covers("devops/x")).isFalse();
    assertThat(new ScopedPolicy("dev/nginx", Policy.NONE).covers("dev/nginx-extra")).isFalse();
    assertThat(new ScopedPolicy("", Policy.NONE).covers("anything/at/all")).isTrue();
  }

  @Test
  void acceptsOrganisationsAndRepositoryPrefixes() {
    for (String ok : List.of("", "dev", "dev/nginx", "a.b/c_d/e__f/g-h/i--j", "x".repeat(255))) {
      assertThat(ScopedPolicy.checkScope(ok)).isEqualTo(ok);
    }
  }

  @Test
  void refusesInvalidScopes() {
    for (String bad : List.of("_trust", "dev/_trust", "Dev", "dev/", "/dev", "dev//nginx", "-dev", "dev.", "dev nginx",
        "_global", "x".repeat(256), "dev/nginx:latest", "dev@sha256")) {
      assertThatThrownBy(() -> new ScopedPolicy(bad, Policy.NONE)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("policy scope");
    }
  }

  @Test
  void teamsRequireContentTrust() {
    assertThatThrownBy(() -> new Policy(false, List.of(TeamName.parse("dev/admin"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
