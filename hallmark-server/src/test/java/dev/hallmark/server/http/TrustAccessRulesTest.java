package dev.hallmark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.auth.Access;
import dev.hallmark.auth.AccessRequest;
import dev.hallmark.auth.Scope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reference section 2.1's scope column, route by route. */
class TrustAccessRulesTest {
  private final TrustAccessRules rules = new TrustAccessRules(List.of());

  private String scope(String method, String path) {
    List<Access> a = rules.required(new AccessRequest(method, path, Map.of()));
    return String.join(" ", Access.toScopes(a).stream().map(Scope::format).toList());
  }

  @Test
  void followsTheReferenceTable() {
    String g = "docker.io/library/alpine";
    assertThat(scope("GET", "/v2/")).isEqualTo("registry:catalog:*");
    assertThat(scope("POST", "/v2/" + g + "/_trust/tuf/")).isEqualTo("repository:" + g + ":push,pull");
    assertThat(scope("GET", "/v2/" + g + "/_trust/tuf/targets/releases." + "ab".repeat(32) + ".json")).isEqualTo("repository:" + g + ":pull");
    assertThat(scope("GET", "/v2/" + g + "/_trust/tuf/01.root.json")).isEqualTo("repository:" + g + ":pull");
    assertThat(scope("GET", "/v2/" + g + "/_trust/tuf/timestamp.json")).isEqualTo("repository:" + g + ":pull");
    assertThat(scope("GET", "/v2/" + g + "/_trust/tuf/snapshot.key")).isEqualTo("repository:" + g + ":push,pull");
    assertThat(scope("POST", "/v2/" + g + "/_trust/tuf/timestamp.key")).isEqualTo("repository:" + g + ":*");
    assertThat(scope("DELETE", "/v2/" + g + "/_trust/tuf/")).isEqualTo("repository:" + g + ":*");
    assertThat(scope("GET", "/v2/" + g + "/_trust/changefeed")).isEqualTo("repository:" + g + ":pull");
    assertThat(scope("GET", "/v2/_trust/changefeed")).isEqualTo("registry:catalog:*");
    assertThat(scope("GET", "/_notary_server/health")).isEmpty();
    assertThat(scope("GET", "/metrics")).isEmpty();
    assertThat(scope("GET", "/v2/x/_trust/tuf")).isEqualTo("registry:catalog:*");
    assertThat(scope("GET", "/v2/x/_trust/tuf/root.key")).isEqualTo("registry:catalog:*");
    assertThat(scope("PUT", "/v2/" + g + "/_trust/tuf/")).isEqualTo("registry:catalog:*");
    assertThat(scope("GET", "/v2/a*b/_trust/tuf/root.json")).isEqualTo("registry:catalog:*");
    assertThat(scope("PATCH", "/v2/" + g + "/_trust/tuf/")).isEmpty();
    assertThat(scope("OPTIONS", "/v2/")).isEmpty();
  }

  @Test
  void gunsOutsideThePrefixesAreRefusedBeforeAuth() {
    var prefixed = new TrustAccessRules(List.of("docker.io/"));
    assertThat(prefixed.required(new AccessRequest("GET", "/v2/quay.io/x/_trust/tuf/root.json", Map.of()))).isEmpty();
    assertThat(prefixed.required(new AccessRequest("GET", "/v2/docker.io/x/_trust/tuf/root.json", Map.of()))).hasSize(1);
  }
}
