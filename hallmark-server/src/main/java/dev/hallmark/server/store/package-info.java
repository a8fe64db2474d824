/** The {@code MetadataStore} port and its JDBC implementation (H2 embedded, PostgreSQL). No HTTP, no TUF rules. */
package dev.hallmark.server.store;
