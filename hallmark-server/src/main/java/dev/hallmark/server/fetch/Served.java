package dev.hallmark.server.fetch;

import dev.hallmark.tuf.Bytes;
import java.time.Instant;

/** Metadata bytes to serve, with the time they were stored (for {@code Last-Modified}). */
public record Served(Bytes data, Instant lastModified) {}
