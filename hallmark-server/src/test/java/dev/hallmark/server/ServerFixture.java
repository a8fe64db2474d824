package dev.hallmark.server;

import dev.hallmark.testkit.TestRepo;
import dev.hallmark.testkit.MutableClock;
import dev.hallmark.server.fetch.MetadataFetch;
import dev.hallmark.server.keys.ServerKeys;
import dev.hallmark.server.publish.Publish;
import dev.hallmark.server.publish.ServerSigning;
import dev.hallmark.server.store.Change;
import dev.hallmark.server.store.JdbcMetadataStore;
import dev.hallmark.server.store.StoredFile;
import dev.hallmark.signer.KeyAlgorithm;
import dev.hallmark.signer.LocalSigner;
import dev.hallmark.signer.PassphraseAliases;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Verifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** The trust server's domain parts on an in-memory H2 database, wired as the server wires them. */
public final class ServerFixture {
  public static final Instant START = Instant.parse("2026-03-04T05:06:07Z");
  public static final List<RoleName> ROLES = List.of(RoleName.ROOT, RoleName.TARGETS, RoleName.SNAPSHOT,
      RoleName.TIMESTAMP, RoleName.of("targets/releases"), RoleName.of("targets/alice"));

  public final MutableClock clock = new MutableClock(START);
  public final JdbcDataSource dataSource = new JdbcDataSource();
  public final JdbcMetadataStore store;
  public final LocalSigner signer;
  public final ServerSigning signing;
  public final MetadataFetch fetch;
  public final Publish publish;
  public final ServerKeys keys;

  public ServerFixture() {
    dataSource.setURL("jdbc:h2:mem:trust-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    try {
      store = new JdbcMetadataStore(dataSource, clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    signer = new LocalSigner(dataSource, PassphraseAliases.of("test", "passphrase".toCharArray()), clock,
        new LocalSigner.Settings(1000, 16));
    signing = new ServerSigning(signer, KeyAlgorithm.ECDSA, clock);
    fetch = new MetadataFetch(store, signing, clock);
    publish = new Publish(store, signing, new Verifier(), clock, fetch::invalidate);
    keys = new ServerKeys(store, signing);
  }

  /** An owner of the GUN whose root lists the server's timestamp key. */
  public TestRepo repo(String gun) {
    Gun g = new Gun(gun);
    return new TestRepo(g, clock, signing.currentKey(g, RoleName.TIMESTAMP, Optional.empty()));
  }

  /** An owner who hands the snapshot key to the server too. */
  public TestRepo repoWithServerSnapshot(String gun) {
    TestRepo r = repo(gun);
    r.serverSnapshot = signing.currentKey(r.gun, RoleName.SNAPSHOT, Optional.empty());
    return r;
  }

  public void publish(Gun gun, Map<RoleName, Bytes> files) {
    try {
      publish.publish(gun, files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every stored file (all versions) and every change of the GUN, to compare before/after a rejected update. */
  public Map<String, Object> state(Gun gun) {
    Map<String, Object> s = new LinkedHashMap<>();
    try {
      for (RoleName role : ROLES) {
        List<Bytes> versions = new ArrayList<>();
        Optional<StoredFile> latest = store.latest(gun, role);
        for (int v = 1; latest.isPresent() && v <= latest.get().version(); v++) {
          store.byVersion(gun, role, v).ifPresent(f -> versions.add(f.data()));
        }
        s.put(role.value(), versions);
      }
      s.put("changes", store.changes(Optional.empty(), 0, 1000).stream().map(Change::id).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s;
  }

  public StoredFile latest(Gun gun, RoleName role) {
    try {
      return store.latest(gun, role).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
