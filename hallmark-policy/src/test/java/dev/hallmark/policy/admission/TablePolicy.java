package dev.hallmark.policy.admission;

import dev.hallmark.oci.Digest;
import dev.hallmark.policy.Decision;
import dev.hallmark.policy.ImagePolicy;
import dev.hallmark.policy.Reason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link ImagePolicy} that answers from a table (image → decision) and records what it was asked. */
final class TablePolicy implements ImagePolicy {
  static final Digest WEB_14 = Digest.parse("sha256:" + "a1".repeat(32));
  static final Digest WEB_15 = Digest.parse("sha256:" + "a2".repeat(32));
  static final Digest INIT_DB = Digest.parse("sha256:" + "b1".repeat(32));
  static final Digest EXPORTER = Digest.parse("sha256:" + "c1".repeat(32));
  static final Digest FETCH = Digest.parse("sha256:" + "d1".repeat(32));
  static final Digest REPORT = Digest.parse("sha256:" + "d2".repeat(32));
  static final Digest POSTGRES = Digest.parse("sha256:" + "e1".repeat(32));
  static final Digest NGINX = Digest.parse("sha256:" + "f1".repeat(32));
  static final String SIDECAR = "registry.example/shop/sidecar@sha256:5c9b3e8f0a7d2c1b4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d";

  private final Map<String, Decision> table;
  final List<String> asked = new CopyOnWriteArrayList<>();

  TablePolicy(Map<String, Decision> table) {
    this.table = Map.copyOf(table);
  }

  /** The images of the fixtures: everything under registry.example/shop signed, dev/nginx:1 not. */
  static TablePolicy shop() {
    return new TablePolicy(Map.ofEntries(
        signed("registry.example/shop/web:1.4", WEB_14),
        signed("registry.example/shop/web:1.5", WEB_15),
        signed("registry.example/shop/init-db:2", INIT_DB),
        signed("registry.example/shop/exporter:0.9", EXPORTER),
        signed("registry.example/shop/fetch:3", FETCH),
        signed("registry.example/shop/report:2026.11", REPORT),
        signed("registry.example/shop/postgres:17", POSTGRES),
        signed(SIDECAR, Digest.parse(SIDECAR.substring(SIDECAR.indexOf('@') + 1))),
        Map.entry("registry.example/dev/nginx:1", new Decision("registry.example/dev/nginx:1", Optional.of(NGINX),
            Reason.MISSING_TEAM, "denied: registry.example/dev/nginx:1 (" + NGINX + ") has no signature from a member"
                + " of team dev/admin; signed by alice (teams: dev/qa) in targets/qa", "timestamp v7, targets v3")),
        Map.entry("docker.io/library/busybox:1.36", new Decision("docker.io/library/busybox:1.36", Optional.empty(),
            Reason.FOREIGN_REGISTRY, "denied: docker.io/library/busybox:1.36 is not in registry.example", ""))));
  }

  static Map.Entry<String, Decision> signed(String image, Digest digest) {
    return Map.entry(image, new Decision(image, Optional.of(digest), Reason.SIGNED,
        "allowed: " + image + " (" + digest + ") signed by bob (teams: shop/release)", "timestamp v2, targets v2"));
  }

  @Override
  public Decision check(String image) {
    asked.add(image);
    Decision d = table.get(image);
    return d != null ? d
        : new Decision(image, Optional.empty(), Reason.NO_TRUST_DATA, "denied: " + image + " has no trust data", "");
  }
}
