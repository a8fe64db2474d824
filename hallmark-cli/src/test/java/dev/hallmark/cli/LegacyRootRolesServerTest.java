package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.testkit.TestRepo;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleKeys;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.TufCodec;
import dev.hallmark.tuf.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roots with extra role entries (versioned {@code root.N} roles written by notary before 0.7): the
 * trust server stores and serves them unchanged, as notary-server 0.7 does, and still refuses roots
 * whose base roles are invalid.
 */
class LegacyRootRolesServerTest {
  @TempDir Path dir;

  @Test
  void rootWithVersionedRootRoleIsStoredAndBaseRolesStayChecked() throws Exception {
    String gun = "example.com/legacy/roles";
    try (var server = new TestServer(dir.resolve("data"), TrustApiConfig.DEFAULTS, Clock.systemUTC())) {
      var repo = new TestRepo(new Gun(gun), Clock.systemUTC(), server.key(gun, "timestamp"));
      repo.serverSnapshot = server.key(gun, "snapshot");
      Root base = repo.root(1).signed();
      Json legacyRole = Json.object().put("keyids", new Json.Arr(List.of(Json.of(repo.root.id().value()))))
          .put("threshold", Json.of(1)).build();
      Signed<Root> v1 = TestRepo.sign(new Root(1, base.expires(), base.keys(), base.roles(), false,
          Map.of("root.1", legacyRole)), repo.root);
      assertThat(new String(v1.canonical().unsafeArray(), StandardCharsets.UTF_8)).contains("\"root.1\":{\"keyids\":[");
      var ok = server.post(gun, TestServer.multipart(Map.of("root", v1.bytes().toArray(),
          "targets", repo.targets(1, "a").bytes().toArray())));
      assertThat(ok.statusCode()).as(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      Bytes served = Bytes.wrap(server.get("/v2/" + gun + "/_trust/tuf/root.json").body());
      assertThat(served).isEqualTo(v1.bytes());
      assertThat(TufCodec.decodeRoot(served).isFixedPoint()).isTrue();
      assertThat(TufCodec.decodeRoot(served).signed().otherRoles()).containsOnlyKeys("root.1");

      // invalid base roles are refused, with or without extra entries
      Map<RoleName, RoleKeys> zero = new HashMap<>(base.roles());
      zero.put(RoleName.SNAPSHOT, new RoleKeys(zero.get(RoleName.SNAPSHOT).keyIds(), 0));
      Map<RoleName, RoleKeys> missing = new LinkedHashMap<>(base.roles());
      missing.remove(RoleName.TIMESTAMP);
      for (var roles : List.of(zero, missing)) {
        Signed<Root> bad = TestRepo.sign(new Root(2, base.expires(), base.keys(), roles, false,
            Map.of("root.1", legacyRole, "timestamp.1", legacyRole)), repo.root);
        var refused = server.post(gun, TestServer.multipart(Map.of("root", bad.bytes().toArray())));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(server.get("/v2/" + gun + "/_trust/tuf/root.json").body()).isEqualTo(v1.bytes().toArray());
      }
      // the same update with valid base roles is accepted: the refusals were about the base roles
      Signed<Root> v2 = TestRepo.sign(new Root(2, base.expires(), base.keys(), base.roles(), false,
          Map.of("root.1", legacyRole, "timestamp.1", legacyRole)), repo.root);
      var accepted = server.post(gun, TestServer.multipart(Map.of("root", v2.bytes().toArray())));
      assertThat(accepted.statusCode()).as(new String(accepted.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(server.get("/v2/" + gun + "/_trust/tuf/2.root.json").body()).isEqualTo(v2.bytes().toArray());
    }
  }
}
