/**
 * HTTP plumbing of the trust API: the route table, request parsing, error bodies, TLS, access log
 * and metrics. Handlers here parse, call one domain operation and write; no SQL, no TUF rules.
 */
package dev.hallmark.server.http;
