package dev.hallmark.server.fetch;

import dev.hallmark.server.store.StoredFile;
import dev.hallmark.tuf.Bytes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Metadata bytes to serve, with the time they were stored as an HTTP date (for
 * {@code Last-Modified}), formatted once per file rather than once per request.
 */
public record Served(Bytes data, Instant lastModified, String httpDate) {
  /** RFC 9110 IMF-fixdate ({@code Wed, 04 Mar 2026 05:06:07 GMT}); RFC_1123_DATE_TIME drops the day's leading zero. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

  static Served of(StoredFile f) {
    return new Served(f.data(), f.createdAt(), HTTP_DATE.format(f.createdAt()));
  }
}
