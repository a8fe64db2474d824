package dev.hallmark.server.store;

import dev.hallmark.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link MetadataStore} contract, run against H2 here and against PostgreSQL by
 * {@link JdbcMetadataStoreOnPostgresTest}.
 */
class JdbcMetadataStoreTest {
  private static final Gun APP = new Gun("example.com/app");
  private static final Gun APPLE = new Gun("example.com/apple");
  private static final Instant START = Instant.parse("2026-03-04T05:06:07Z");

  private final MutableClock clock = new MutableClock(START);
  private DataSource ds;
  private JdbcMetadataStore store;

  /** An empty database for one test. */
  DataSource newDatabase() {
    var h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  @BeforeEach
  void setUp() throws IOException {
    ds = newDatabase();
    store = new JdbcMetadataStore(ds, clock);
  }

  private static Bytes bytes(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private void write(Gun gun, NewFile... files) throws Exception {
    store.update(gun, view -> new MetadataStore.Result<>(List.of(files), null));
  }

  private static NewFile file(RoleName role, int version) {
    return new NewFile(role, version, bytes(role + "-" + version));
  }

  @Test
  void storesExactBytesWithChecksumVersionAndTime() throws Exception {
    write(APP, file(RoleName.ROOT, 1));
    StoredFile f = store.latest(APP, RoleName.ROOT).orElseThrow();
    assertThat(f.data()).isEqualTo(bytes("root-1"));
    assertThat(f.sha256()).isEqualTo(bytes("root-1").sha256().hex());
    assertThat(f.version()).isEqualTo(1);
    assertThat(f.createdAt()).isEqualTo(START);
    assertThat(store.byChecksum(APP, RoleName.ROOT, f.sha256())).contains(f);
    assertThat(store.byVersion(APP, RoleName.ROOT, 1)).contains(f);
    assertThat(store.byVersion(APP, RoleName.ROOT, 2)).isEmpty();
  }

  @Test
  void latestIsTheHighestVersion() throws Exception {
    write(APP, file(RoleName.TARGETS, 1));
    write(APP, file(RoleName.TARGETS, 5));
    assertThat(store.latest(APP, RoleName.TARGETS).orElseThrow().version()).isEqualTo(5);
  }

  @Test
  void updateIsAllOrNothingWhenOneFileConflicts() throws Exception {
    write(APP, file(RoleName.TARGETS, 2));
    assertThatThrownBy(() -> write(APP, file(RoleName.ROOT, 1), file(RoleName.TARGETS, 2), file(RoleName.TIMESTAMP, 1)))
        .isInstanceOf(VersionConflictException.class);
    assertThat(store.latest(APP, RoleName.ROOT)).isEmpty();
    assertThat(store.latest(APP, RoleName.TIMESTAMP)).isEmpty();
    assertThat(store.changes(Optional.empty(), 0, 100)).isEmpty();
  }

  @Test
  void rejectsVersionBelowAStoredOne() throws Exception {
    write(APP, file(RoleName.TARGETS, 5));
    assertThatThrownBy(() -> write(APP, file(RoleName.TARGETS, 3))).isInstanceOf(VersionConflictException.class);
  }

  @Test
  void rejectsRoleTwiceInOneUpdate() {
    assertThatThrownBy(() -> write(APP, file(RoleName.TARGETS, 1), file(RoleName.TARGETS, 2)))
        .isInstanceOf(VersionConflictException.class);
  }

  @Test
  void failedWorkWritesNothing() throws Exception {
    assertThatThrownBy(() -> store.update(APP, view -> {
      throw new IllegalStateException("validation failed");
    })).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.update(APP, view -> new MetadataStore.Result<>(
        List.of(file(RoleName.ROOT, 1), new NewFile(RoleName.TARGETS, 1, null)), null)))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.latest(APP, RoleName.ROOT)).isEmpty();
  }

  @Test
  void updateSeesItsOwnGunOnly() throws Exception {
    write(APPLE, file(RoleName.ROOT, 1));
    Optional<StoredFile> seen = store.update(APP, view -> new MetadataStore.Result<>(List.of(), view.latest(RoleName.ROOT)));
    assertThat(seen).isEmpty();
  }

  @Test
  void timestampWritesAChangeInTheSameTransaction() throws Exception {
    write(APP, file(RoleName.ROOT, 1), file(RoleName.TIMESTAMP, 1));
    List<Change> changes = store.changes(Optional.empty(), 0, 100);
    assertThat(changes).hasSize(1);
    Change c = changes.getFirst();
    assertThat(c.gun()).isEqualTo(APP);
    assertThat(c.version()).isEqualTo(1);
    assertThat(c.sha256()).isEqualTo(bytes("timestamp-1").sha256().hex());
    assertThat(c.category()).isEqualTo(Change.Category.UPDATE);
    assertThat(c.createdAt()).isEqualTo(START);
  }

  @Test
  void deleteRemovesExactlyTheGun() throws Exception {
    write(APP, file(RoleName.ROOT, 1), file(RoleName.TIMESTAMP, 1));
    write(APPLE, file(RoleName.ROOT, 1), file(RoleName.TIMESTAMP, 1));
    write(new Gun("example.com/app/sub"), file(RoleName.ROOT, 1));
    assertThat(store.delete(APP)).isTrue();
    assertThat(store.latest(APP, RoleName.ROOT)).isEmpty();
    assertThat(store.byVersion(APP, RoleName.TIMESTAMP, 1)).isEmpty();
    assertThat(store.latest(APPLE, RoleName.ROOT)).isPresent();
    assertThat(store.latest(new Gun("example.com/app/sub"), RoleName.ROOT)).isPresent();
    Change last = store.changes(Optional.empty(), -1, 1).getFirst();
    assertThat(last.category()).isEqualTo(Change.Category.DELETION);
    assertThat(last.gun()).isEqualTo(APP);
    assertThat(last.version()).isZero();
    assertThat(last.sha256()).isEmpty();
  }

  @Test
  void deletingAnUnknownGunRecordsNoChange() throws Exception {
    assertThat(store.delete(APP)).isFalse();
    assertThat(store.changes(Optional.empty(), 0, 100)).isEmpty();
  }

  @Test
  void deletedGunCanBeCreatedAgainFromVersionOne() throws Exception {
    write(APP, file(RoleName.ROOT, 3));
    store.delete(APP);
    write(APP, file(RoleName.ROOT, 1));
    assertThat(store.latest(APP, RoleName.ROOT).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void checksumLookupIsScopedToGunAndRole() throws Exception {
    NewFile same = new NewFile(RoleName.ROOT, 1, bytes("shared"));
    write(APP, same);
    String sha = bytes("shared").sha256().hex();
    assertThat(store.byChecksum(APPLE, RoleName.ROOT, sha)).isEmpty();
    assertThat(store.byChecksum(APP, RoleName.TARGETS, sha)).isEmpty();
    write(APPLE, same);
    store.delete(APP);
    assertThat(store.byChecksum(APP, RoleName.ROOT, sha)).isEmpty();
    assertThat(store.byChecksum(APPLE, RoleName.ROOT, sha)).isPresent();
  }

  /** Publishes a timestamp of version v for the GUN, one change each. */
  private void tick(Gun gun, int v) throws Exception {
    clock.advance(Duration.ofSeconds(1));
    write(gun, file(RoleName.TIMESTAMP, v));
  }

  private static List<Integer> versions(List<Change> changes) {
    return changes.stream().map(Change::version).toList();
  }

  @Test
  void changefeedPagesForwardAfterAnId() throws Exception {
    for (int v = 1; v <= 5; v++) {
      tick(APP, v);
    }
    List<Change> all = store.changes(Optional.empty(), 0, 100);
    assertThat(versions(all)).containsExactly(1, 2, 3, 4, 5);
    assertThat(all).isSortedAccordingTo((a, b) -> Long.compare(a.id(), b.id()));
    List<Change> page = store.changes(Optional.empty(), all.get(1).id(), 2);
    assertThat(versions(page)).containsExactly(3, 4);
    assertThat(store.changes(Optional.empty(), all.get(4).id(), 10)).isEmpty();
  }

  @Test
  void changefeedPagesBackwardWithNegativeRecordsOldestFirst() throws Exception {
    for (int v = 1; v <= 5; v++) {
      tick(APP, v);
    }
    List<Change> all = store.changes(Optional.empty(), 0, 100);
    assertThat(versions(store.changes(Optional.empty(), all.get(3).id(), -2))).containsExactly(2, 3);
    assertThat(versions(store.changes(Optional.empty(), -1, 2))).containsExactly(4, 5);
    assertThat(versions(store.changes(Optional.empty(), -1, -3))).containsExactly(3, 4, 5);
    assertThat(versions(store.changes(Optional.empty(), 0, -2))).containsExactly(4, 5);
  }

  @Test
  void changefeedFiltersByExactGun() throws Exception {
    tick(APP, 1);
    tick(APPLE, 1);
    tick(APP, 2);
    assertThat(store.changes(Optional.of(APP), 0, 100)).extracting(Change::gun).containsOnly(APP).hasSize(2);
    assertThat(store.changes(Optional.of(new Gun("example.com/ap")), 0, 100)).isEmpty();
  }

  @Test
  void concurrentConflictingUpdatesLetExactlyOneWin() throws Exception {
    int wins = wins(8, n -> {
      try {
        store.update(APP, view -> {
          // read-then-write, as validation does: the lock must make the read current
          int next = view.latest(RoleName.TARGETS).map(f -> f.version()).orElse(0) >= 1 ? -1 : 1;
          if (next < 0) {
            throw new IllegalStateException("lost");
          }
          return new MetadataStore.Result<>(List.of(new NewFile(RoleName.TARGETS, 1, bytes("t" + n)),
              new NewFile(RoleName.TIMESTAMP, 1, bytes("ts" + n))), null);
        });
        return true;
      } catch (VersionConflictException | IllegalStateException e) {
        return false;
      }
    });
    assertThat(wins).isEqualTo(1);
    assertThat(store.changes(Optional.empty(), 0, 100)).hasSize(1);
  }

  @Test
  void concurrentBlindWritesOfTheSameVersionLetExactlyOneWin() throws Exception {
    int wins = wins(6, n -> {
      try {
        write(APP, new NewFile(RoleName.SNAPSHOT, 4, bytes("s" + n)));
        return true;
      } catch (VersionConflictException e) {
        return false;
      }
    });
    assertThat(wins).isEqualTo(1);
  }

  /** One attempt of a race: true when it won. */
  @FunctionalInterface
  interface Attempt {
    boolean run(int n) throws Exception;
  }

  /** Starts {@code threads} attempts at once and counts the ones that won. */
  private static int wins(int threads, Attempt attempt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          go.await();
          return attempt.run(n);
        }));
      }
      go.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      return wins;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoStoresOnOneDatabaseSerialisePublishesOfAGun() throws Exception {
    // two replicas: no shared in-process lock, only the database's row lock on the GUN
    var other = new JdbcMetadataStore(ds, clock);
    int rounds = 20;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (JdbcMetadataStore s : List.of(store, other)) {
        results.add(pool.submit(() -> {
          int wins = 0;
          for (int i = 0; i < rounds; i++) {
            try {
              s.update(APP, view -> {
                int next = view.latest(RoleName.TIMESTAMP).map(StoredFile::version).orElse(0) + 1;
                return new MetadataStore.Result<>(List.of(new NewFile(RoleName.TIMESTAMP, next, bytes("ts" + next))), null);
              });
              wins++;
            } catch (VersionConflictException e) {
              // a lost race would show here; the row lock must prevent it
            }
          }
          return wins;
        }));
      }
      int wins = 0;
      for (Future<Integer> f : results) {
        wins += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(wins).isEqualTo(2 * rounds);
      assertThat(store.latest(APP, RoleName.TIMESTAMP).orElseThrow().version()).isEqualTo(2 * rounds);
      assertThat(other.changes(Optional.of(APP), 0, 100)).hasSize(2 * rounds);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reopeningTheDatabaseKeepsEverythingAndMigratesOnce() throws Exception {
    write(APP, file(RoleName.ROOT, 1), file(RoleName.TIMESTAMP, 1));
    var again = new JdbcMetadataStore(ds, clock);
    assertThat(again.latest(APP, RoleName.ROOT).orElseThrow().data()).isEqualTo(bytes("root-1"));
    assertThat(again.changes(Optional.empty(), 0, 10)).hasSize(1);
    again.ping();
  }
}
