package dev.hallmark.server.store;

import dev.hallmark.tuf.Gun;
import java.time.Instant;

/**
 * One changefeed record: a new timestamp for a GUN ({@code update}) or its deletion.
 *
 * @param sha256 hex SHA-256 of the timestamp bytes; empty for a deletion
 */
public record Change(long id, Instant createdAt, Gun gun, int version, String sha256, Category category) {
  /** Kind of change. */
  public enum Category {
    UPDATE("update"),
    DELETION("deletion");

    private final String wireName;

    Category(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
