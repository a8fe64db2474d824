package dev.hallmark.signer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The signer's key table on H2; {@link SignerKeyTableOnPostgresTest} runs it on PostgreSQL. */
class SignerKeyTableTest {
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
  private static final Gun GUN = new Gun("example.com/app");

  private final SignerKeyTable table = table();

  /** An empty database for one test. */
  DataSource newDatabase() {
    var h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:table-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  private SignerKeyTable table() {
    var db = newDatabase();
    var table = new SignerKeyTable(db);
    table.createIfAbsent();
    table.createIfAbsent(); // idempotent
    return table;
  }

  private static SignerKeyTable.Row row(RoleName role) {
    PublicKey key = KeyAlgorithm.ED25519.publicKey(KeyAlgorithm.ED25519.generate(new SecureRandom()).getPublic());
    return new SignerKeyTable.Row(new SignerKey(key.id(), key, GUN, role, KeyAlgorithm.ED25519), "alias1",
        Bytes.of(new byte[] {1, 2, 3}));
  }

  @Test
  void theDatabaseRefusesASecondUnusedKeyForTheSameGunRoleAndAlgorithm() {
    SignerKeyTable.Row first = row(RoleName.TIMESTAMP);
    assertThat(table.insertUnused(first, NOW)).isTrue();
    assertThat(table.insertUnused(row(RoleName.TIMESTAMP), NOW)).isFalse();
    assertThat(table.insertUnused(row(RoleName.SNAPSHOT), NOW)).isTrue();
    assertThat(table.findUnused(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ED25519)).contains(first);
  }

  @Test
  void usedKeysDoNotCountAgainstTheUnusedSlot() {
    for (int i = 0; i < 3; i++) {
      SignerKeyTable.Row row = row(RoleName.TIMESTAMP);
      assertThat(table.insertUnused(row, NOW)).isTrue();
      table.markUsed(row.key().id(), NOW);
      assertThat(table.findUnused(GUN, RoleName.TIMESTAMP, KeyAlgorithm.ED25519)).isEmpty();
      assertThat(table.find(row.key().id())).contains(row);
    }
  }

  @Test
  void newestWithAliasIsTheLastInserted() {
    SignerKeyTable.Row first = row(RoleName.TIMESTAMP);
    SignerKeyTable.Row second = row(RoleName.SNAPSHOT);
    table.insertUnused(first, NOW);
    table.insertUnused(second, NOW);
    assertThat(table.newestWithAlias("alias1")).contains(second);
    assertThat(table.newestWithAlias("other")).isEmpty();
  }

  @Test
  void aTableMadeBeforeMigrationsKeepsItsKeys() throws Exception {
    // what releases before Flyway created: the same table, no history
    var db = newDatabase();
    String v1;
    try (var in = SignerKeyTable.class.getResourceAsStream("/db/hallmark/signer/V1__signer_keys.sql")) {
      v1 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    try (var c = db.getConnection(); var st = c.createStatement()) {
      st.execute(v1.lines().filter(l -> !l.startsWith("--")).collect(java.util.stream.Collectors.joining("\n"))
          .replace(";", ""));
    }
    var old = new SignerKeyTable(db);
    SignerKeyTable.Row kept = row(RoleName.TIMESTAMP);
    assertThat(old.insertUnused(kept, NOW)).isTrue();
    old.createIfAbsent();
    assertThat(old.find(kept.key().id())).contains(kept);
  }
}
