package dev.hallmark.server.store;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Trust metadata storage: immutable rows of (GUN, role, version) with their exact bytes, and the
 * changefeed. Implementations must make {@link #update} atomic (all files or none) and serialise
 * updates per GUN across every process that shares the store.
 */
public interface MetadataStore {

  /** The file of a role with the highest version. */
  Optional<StoredFile> latest(Gun gun, RoleName role) throws IOException;

  /** The file of a role whose bytes have this lowercase hex SHA-256. */
  Optional<StoredFile> byChecksum(Gun gun, RoleName role, String sha256) throws IOException;

  /** The file of a role with this version. */
  Optional<StoredFile> byVersion(Gun gun, RoleName role, int version) throws IOException;

  /**
   * Runs an update of one GUN with the GUN locked against concurrent updates: the work reads the
   * state it needs through the given view and returns the files to write; they are written in the
   * same transaction, with a changefeed record for a timestamp among them.
   *
   * @throws VersionConflictException when a file's version is not above every stored version of its
   *     role, or a role appears twice; nothing is written
   */
  <T> T update(Gun gun, UpdateWork<T> work) throws IOException, VersionConflictException;

  /** Deletes every file of the GUN; records a deletion change when something was deleted. */
  boolean delete(Gun gun) throws IOException;

  /**
   * Changefeed records, oldest first.
   *
   * @param gun only changes of this GUN, or all when empty
   * @param afterId start after this record id; negative means from the newest, backwards
   * @param records how many; negative pages backwards from {@code afterId}
   */
  List<Change> changes(Optional<Gun> gun, long afterId, int records) throws IOException;

  /** Whether the store answers; used by the health check. */
  void ping() throws IOException;

  /** The work of one update, run under the GUN lock. */
  @FunctionalInterface
  interface UpdateWork<T> {
    /** Reads through {@code view}, returns what to write. */
    Result<T> run(Reader view) throws IOException;
  }

  /** What an update writes, and the value to return to the caller. */
  record Result<T>(List<NewFile> files, T value) {
    public Result {
      files = List.copyOf(files);
    }
  }

  /** Read access inside an update transaction. */
  interface Reader {
    Optional<StoredFile> latest(RoleName role) throws IOException;

    /** The highest stored version of a role, without reading its bytes. */
    OptionalInt latestVersion(RoleName role) throws IOException;

    Optional<StoredFile> byChecksum(RoleName role, String sha256) throws IOException;
  }
}
