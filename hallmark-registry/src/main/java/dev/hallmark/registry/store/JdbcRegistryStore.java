package dev.hallmark.registry.store;

import dev.hallmark.db.SchemaMigrations;
import dev.hallmark.oci.Descriptor;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.ImageIndex;
import dev.hallmark.oci.ImageManifest;
import dev.hallmark.oci.Manifest;
import dev.hallmark.oci.MediaType;
import dev.hallmark.oci.Repository;
import dev.hallmark.oci.Tag;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;

/**
 * The registry store on JDBC. Upserts are written as update-then-insert with a retry on a
 * unique-key race, which works the same on H2 and PostgreSQL.
 */
public final class JdbcRegistryStore implements RegistryStore {
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource ds;
  private final Clock clock;

  /**
   * Opens the store and brings its tables up to date (Flyway: {@code db/hallmark/registry}, history in
   * {@code flyway_registry_history}). @throws IOException when the database refuses
   */
  public JdbcRegistryStore(DataSource ds, Clock clock) throws IOException {
    this.ds = ds;
    this.clock = clock;
    try {
      // the runner before Flyway recorded its steps in registry_schema
      SchemaMigrations.migrate(ds, JdbcRegistryStore.class.getClassLoader(), "registry", Optional.of("registry_schema"));
    } catch (FlywayException | SQLException e) {
      throw new IOException("cannot prepare the registry database: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(Work<T> work) throws IOException {
    try (Connection c = ds.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IOException("registry database: " + e.getMessage(), e);
    }
  }

  private <T> T transaction(Work<T> work) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState()) && attempt < 5) {
          continue; // a concurrent insert of the same key won: redo, now as an update or a no-op
        }
        throw new IOException("registry database: " + e.getMessage(), e);
      }
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  @Override
  public boolean createRepository(Repository repository) throws IOException {
    return transaction(c -> insertRepository(c, repository));
  }

  private boolean insertRepository(Connection c, Repository repository) throws SQLException {
    if (exists(c, "SELECT 1 FROM registry_repositories WHERE name = ?", repository.name())) {
      return false;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO registry_repositories (name, created_at) VALUES (?, ?)")) {
      ps.setString(1, repository.name());
      ps.setObject(2, now());
      ps.executeUpdate();
    }
    return true;
  }

  @Override
  public boolean repositoryExists(Repository repository) throws IOException {
    return read(c -> exists(c, "SELECT 1 FROM registry_repositories WHERE name = ?", repository.name()));
  }

  @Override
  public List<Repository> repositories(String last, int limit) throws IOException {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT name FROM registry_repositories WHERE name > ? ORDER BY name LIMIT ?")) {
        ps.setString(1, last);
        ps.setInt(2, limit);
        var out = new ArrayList<Repository>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Repository(rs.getString(1)));
          }
        }
        return out;
      }
    });
  }

  @Override
  public void linkBlob(Repository repository, Digest digest, long size) throws IOException {
    transaction(c -> {
      if (!exists(c, "SELECT 1 FROM registry_blob_links WHERE repository = ? AND digest = ?", repository.name(), digest.toString())) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO registry_blob_links (repository, digest, size, created_at) VALUES (?, ?, ?, ?)")) {
          ps.setString(1, repository.name());
          ps.setString(2, digest.toString());
          ps.setLong(3, size);
          ps.setObject(4, now());
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  @Override
  public OptionalLong linkedBlob(Repository repository, Digest digest) throws IOException {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT size FROM registry_blob_links WHERE repository = ? AND digest = ?")) {
        ps.setString(1, repository.name());
        ps.setString(2, digest.toString());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
      }
    });
  }

  @Override
  public boolean unlinkBlob(Repository repository, Digest digest) throws IOException {
    return transaction(c -> update(c, "DELETE FROM registry_blob_links WHERE repository = ? AND digest = ?",
        repository.name(), digest.toString()) > 0);
  }

  @Override
  public Optional<Digest> putManifest(Repository repository, StoredManifest stored, Manifest parsed, Optional<Tag> tag,
      TagMove move) throws IOException {
    return transaction(c -> {
      String digest = stored.digest().toString();
      boolean tagWritten = false;
      if (move == TagMove.REFUSED && tag.isPresent()) {
        // the tag row is locked (or, when new, inserted first) before anything else is written: a
        // concurrent push of the same tag waits for this one and then sees its digest, and a concurrent
        // insert of the same new tag fails on the primary key, after which the retry sees it here
        Optional<Digest> current = tagForUpdate(c, repository, tag.get());
        if (current.isPresent() && !current.get().equals(stored.digest())) {
          return current;
        }
        if (current.isEmpty()) {
          update(c, "INSERT INTO registry_tags (repository, tag, digest, updated_at) VALUES (?, ?, ?, ?)",
              repository.name(), tag.get().value(), digest, now());
        }
        tagWritten = true;
      }
      insertRepository(c, repository);
      if (!exists(c, "SELECT 1 FROM registry_manifests WHERE repository = ? AND digest = ?", repository.name(), digest)) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO registry_manifests"
            + " (repository, digest, media_type, subject, size, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, repository.name());
          ps.setString(2, digest);
          ps.setString(3, stored.mediaType().value());
          ps.setString(4, parsed.subject().map(d -> d.digest().toString()).orElse(null));
          ps.setLong(5, stored.size());
          ps.setBytes(6, stored.contentBytes());
          ps.setObject(7, now());
          ps.executeUpdate();
        }
        Map<String, String> refs = new LinkedHashMap<>();
        switch (parsed) {
          case ImageManifest m -> {
            for (Descriptor d : m.requiredContent()) {
              refs.putIfAbsent(d.digest().toString(), "b");
            }
          }
          case ImageIndex i -> {
            for (Descriptor d : i.manifests()) {
              refs.putIfAbsent(d.digest().toString(), "m");
            }
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO registry_manifest_refs (repository, manifest, target, kind) VALUES (?, ?, ?, ?)")) {
          for (var e : refs.entrySet()) {
            ps.setString(1, repository.name());
            ps.setString(2, digest);
            ps.setString(3, e.getKey());
            ps.setString(4, e.getValue());
            ps.addBatch();
          }
          if (!refs.isEmpty()) {
            ps.executeBatch();
          }
        }
      }
      if (tag.isPresent() && !tagWritten) {
        int n = update(c, "UPDATE registry_tags SET digest = ?, updated_at = ? WHERE repository = ? AND tag = ?",
            digest, now(), repository.name(), tag.get().value());
        if (n == 0) {
          update(c, "INSERT INTO registry_tags (repository, tag, digest, updated_at) VALUES (?, ?, ?, ?)",
              repository.name(), tag.get().value(), digest, now());
        }
      }
      return Optional.<Digest>empty();
    });
  }

  @Override
  public Optional<StoredManifest> manifest(Repository repository, Digest digest) throws IOException {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT media_type, content FROM registry_manifests WHERE repository = ? AND digest = ?")) {
        ps.setString(1, repository.name());
        ps.setString(2, digest.toString());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new StoredManifest(digest, new MediaType(rs.getString(1)), rs.getBytes(2)))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public Optional<Digest> tag(Repository repository, Tag tag) throws IOException {
    return read(c -> tag(c, repository, tag));
  }

  /** The tag's digest, its row locked until the transaction ends. */
  private static Optional<Digest> tagForUpdate(Connection c, Repository repository, Tag tag) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT digest FROM registry_tags WHERE repository = ? AND tag = ? FOR UPDATE")) {
      ps.setString(1, repository.name());
      ps.setString(2, tag.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Digest.parse(rs.getString(1))) : Optional.empty();
      }
    }
  }

  private static Optional<Digest> tag(Connection c, Repository repository, Tag tag) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM registry_tags WHERE repository = ? AND tag = ?")) {
      ps.setString(1, repository.name());
      ps.setString(2, tag.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Digest.parse(rs.getString(1))) : Optional.empty();
      }
    }
  }

  @Override
  public List<Tag> tagsOf(Repository repository, Digest digest) throws IOException {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT tag FROM registry_tags WHERE repository = ? AND digest = ? ORDER BY tag")) {
        ps.setString(1, repository.name());
        ps.setString(2, digest.toString());
        return tagColumn(ps);
      }
    });
  }

  private static List<Tag> tagColumn(PreparedStatement ps) throws SQLException {
    var out = new ArrayList<Tag>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Tag(rs.getString(1)));
      }
    }
    return out;
  }

  @Override
  public List<Digest> parents(Repository repository, Digest child) throws IOException {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT manifest FROM registry_manifest_refs"
          + " WHERE repository = ? AND target = ? AND kind = 'm' ORDER BY manifest")) {
        ps.setString(1, repository.name());
        ps.setString(2, child.toString());
        try (ResultSet rs = ps.executeQuery()) {
          var out = new ArrayList<Digest>();
          while (rs.next()) {
            out.add(Digest.parse(rs.getString(1)));
          }
          return out;
        }
      }
    });
  }

  @Override
  public List<Tag> tags(Repository repository, String last, int limit) throws IOException {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT tag FROM registry_tags WHERE repository = ? AND tag > ? ORDER BY tag LIMIT ?")) {
        ps.setString(1, repository.name());
        ps.setString(2, last);
        ps.setInt(3, limit);
        return tagColumn(ps);
      }
    });
  }

  @Override
  public boolean deleteManifest(Repository repository, Digest digest) throws IOException {
    return transaction(c -> {
      String r = repository.name();
      String d = digest.toString();
      update(c, "DELETE FROM registry_tags WHERE repository = ? AND digest = ?", r, d);
      update(c, "DELETE FROM registry_manifest_refs WHERE repository = ? AND manifest = ?", r, d);
      return update(c, "DELETE FROM registry_manifests WHERE repository = ? AND digest = ?", r, d) > 0;
    });
  }

  @Override
  public boolean deleteTag(Repository repository, Tag tag) throws IOException {
    return transaction(c -> update(c, "DELETE FROM registry_tags WHERE repository = ? AND tag = ?",
        repository.name(), tag.value()) > 0);
  }

  @Override
  public List<StoredManifest> referrers(Repository repository, Digest subject) throws IOException {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT digest, media_type, content FROM registry_manifests"
          + " WHERE repository = ? AND subject = ? ORDER BY seq")) {
        ps.setString(1, repository.name());
        ps.setString(2, subject.toString());
        var out = new ArrayList<StoredManifest>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new StoredManifest(Digest.parse(rs.getString(1)), new MediaType(rs.getString(2)), rs.getBytes(3)));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Set<Digest> referencedBlobs() throws IOException {
    return read(c -> {
      var out = new HashSet<Digest>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT target FROM registry_manifest_refs WHERE kind = 'b'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(Digest.parse(rs.getString(1)));
        }
      }
      return out;
    });
  }

  @Override
  public void unlinkEverywhere(Digest digest) throws IOException {
    transaction(c -> update(c, "DELETE FROM registry_blob_links WHERE digest = ?", digest.toString()));
  }

  @Override
  public List<ManifestNode> manifestGraph() throws IOException {
    return read(c -> {
      Map<String, List<Digest>> children = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT repository, manifest, target FROM registry_manifest_refs WHERE kind = 'm'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          children.computeIfAbsent(rs.getString(1) + "@" + rs.getString(2), k -> new ArrayList<>())
              .add(Digest.parse(rs.getString(3)));
        }
      }
      var out = new ArrayList<ManifestNode>();
      try (PreparedStatement ps = c.prepareStatement("SELECT repository, digest, subject FROM registry_manifests");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String subject = rs.getString(3);
          out.add(new ManifestNode(new Repository(rs.getString(1)), Digest.parse(rs.getString(2)),
              subject == null ? Optional.empty() : Optional.of(Digest.parse(subject)),
              children.getOrDefault(rs.getString(1) + "@" + rs.getString(2), List.of())));
        }
      }
      return out;
    });
  }

  @Override
  public List<Tagged> allTags() throws IOException {
    return read(c -> {
      var out = new ArrayList<Tagged>();
      try (PreparedStatement ps = c.prepareStatement("SELECT repository, tag, digest FROM registry_tags");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Tagged(new Repository(rs.getString(1)), new Tag(rs.getString(2)), Digest.parse(rs.getString(3))));
        }
      }
      return out;
    });
  }

  private static boolean exists(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }
}
