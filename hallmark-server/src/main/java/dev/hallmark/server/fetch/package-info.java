/** Reading metadata: current, by checksum, by version; re-signing expired server-held roles on read. */
package dev.hallmark.server.fetch;
