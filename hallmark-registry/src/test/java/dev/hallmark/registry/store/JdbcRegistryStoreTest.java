package dev.hallmark.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.Manifests;
import dev.hallmark.oci.MediaType;
import dev.hallmark.oci.Repository;
import dev.hallmark.oci.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The registry store's contract on H2; {@link JdbcRegistryStoreOnPostgresTest} runs it on PostgreSQL. */
class JdbcRegistryStoreTest {
  static final Repository REPO = new Repository("store/app");

  /** An empty database for one test. */
  DataSource newDatabase() {
    var ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:store-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  JdbcRegistryStore store() throws Exception {
    return new JdbcRegistryStore(newDatabase(), Clock.systemUTC());
  }

  static StoredManifest manifest(String subject) {
    String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
        + MediaType.OCI_EMPTY + "\",\"digest\":\"sha256:" + "4".repeat(64) + "\",\"size\":2},\"layers\":[]"
        + (subject == null ? "" : ",\"subject\":{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":1}")
        + "}";
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return new StoredManifest(Digest.sha256(b), MediaType.OCI_MANIFEST, b);
  }

  static void put(JdbcRegistryStore s, StoredManifest m, String tag) throws Exception {
    s.putManifest(REPO, m, Manifests.parse(m.contentBytes(), Optional.of(m.mediaType())),
        tag == null ? Optional.empty() : Optional.of(new Tag(tag)), RegistryStore.TagMove.ALLOWED);
  }

  @Test
  void storesManifestsTagsAndReferrers() throws Exception {
    var s = store();
    var m = manifest(null);
    put(s, m, "latest");
    put(s, m, "latest"); // idempotent
    assertThat(s.tag(REPO, new Tag("latest"))).hasValue(m.digest());
    assertThat(s.manifest(REPO, m.digest()).orElseThrow().contentBytes()).isEqualTo(m.contentBytes());
    var referrer = manifest(m.digest().toString());
    put(s, referrer, null);
    assertThat(s.referrers(REPO, m.digest())).extracting(StoredManifest::digest).containsExactly(referrer.digest());
    assertThat(s.repositoryExists(REPO)).isTrue();
    assertThat(s.deleteManifest(REPO, m.digest())).isTrue();
    assertThat(s.tag(REPO, new Tag("latest"))).isEmpty();
  }

  @Test
  void concurrentTagMovesAndLinksDoNotFail() throws Exception {
    var s = store();
    var m = manifest(null);
    try (var pool = Executors.newFixedThreadPool(8)) {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int i = 0; i < 16; i++) {
        futures.add(pool.submit(() -> {
          put(s, m, "same");
          s.linkBlob(REPO, Digest.sha256(new byte[] {1}), 1);
          return null;
        }));
      }
      for (var f : futures) {
        f.get();
      }
    }
    assertThat(s.tags(REPO, "", 10)).containsExactly(new Tag("same"));
    assertThat(s.linkedBlob(REPO, Digest.sha256(new byte[] {1}))).hasValue(1);
  }

  static Optional<Digest> putKeepingTag(JdbcRegistryStore s, StoredManifest m, String tag) throws Exception {
    return s.putManifest(REPO, m, Manifests.parse(m.contentBytes(), Optional.of(m.mediaType())),
        Optional.of(new Tag(tag)), RegistryStore.TagMove.REFUSED);
  }

  @Test
  void refusedTagMoveStoresNothingAndNamesTheCurrentDigest() throws Exception {
    var s = store();
    var first = manifest(null);
    var second = manifest("sha256:" + "5".repeat(64));
    assertThat(putKeepingTag(s, first, "v1")).isEmpty();
    assertThat(putKeepingTag(s, first, "v1")).as("the same digest again").isEmpty();
    assertThat(putKeepingTag(s, second, "v1")).hasValue(first.digest());
    assertThat(s.tag(REPO, new Tag("v1"))).hasValue(first.digest());
    assertThat(s.manifest(REPO, second.digest())).as("nothing stored").isEmpty();
    assertThat(s.tagsOf(REPO, first.digest())).containsExactly(new Tag("v1"));
  }

  @Test
  void concurrentPushesToANewImmutableTagHaveOneWinner() throws Exception {
    var s = store();
    raceForOneTag(s, s);
  }

  @Test
  void pagesRepositoriesAndTagsInOrder() throws Exception {
    var s = store();
    for (String r : new String[] {"b", "a", "c"}) {
      s.createRepository(new Repository(r));
    }
    assertThat(s.repositories("", 2)).extracting(Repository::name).containsExactly("a", "b");
    assertThat(s.repositories("b", 2)).extracting(Repository::name).containsExactly("c");
  }

  @Test
  void twoStoresOnOneDatabaseGiveANewImmutableTagOneWinner() throws Exception {
    // two replicas: only the database decides
    DataSource ds = newDatabase();
    var a = new JdbcRegistryStore(ds, Clock.systemUTC());
    var b = new JdbcRegistryStore(ds, Clock.systemUTC());
    raceForOneTag(a, b);
    assertThat(a.tags(REPO, "", 10)).containsExactly(new Tag("race"));
  }

  /** Eight pushes of different manifests to one new immutable tag, alternating between two stores: one wins. */
  private void raceForOneTag(JdbcRegistryStore a, JdbcRegistryStore b) throws Exception {
    var refusals = new java.util.ArrayList<java.util.concurrent.Future<Optional<Digest>>>();
    try (var pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 8; i++) {
        var m = manifest("sha256:" + Integer.toString(i).repeat(64));
        var s = i % 2 == 0 ? a : b;
        refusals.add(pool.submit(() -> putKeepingTag(s, m, "race")));
      }
    }
    Digest winner = b.tag(REPO, new Tag("race")).orElseThrow();
    int won = 0;
    for (var f : refusals) {
      Optional<Digest> refused = f.get();
      if (refused.isEmpty()) {
        won++;
      } else {
        assertThat(refused).hasValue(winner);
      }
    }
    assertThat(won).isEqualTo(1);
  }
}
