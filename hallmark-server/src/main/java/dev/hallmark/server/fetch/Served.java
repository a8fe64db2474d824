package dev.hallmark.server.fetch;

import dev.hallmark.server.store.StoredFile;
import dev.hallmark.tuf.Bytes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Metadata bytes to serve, with the time they were stored as an HTTP date (for
 * {@code Last-Modified}), formatted once per file rather than once per request.
 */
public record Served(Bytes data, Instant lastModified, String httpDate) {
  static Served of(StoredFile f) {
    return new Served(f.data(), f.createdAt(),
        DateTimeFormatter.RFC_1123_DATE_TIME.format(f.createdAt().atOffset(ZoneOffset.UTC)));
  }
}
