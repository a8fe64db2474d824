package dev.hallmark.server.http;

/** What a request does; the names are the reference's Prometheus {@code operation} labels. */
enum Operation {
  UpdateTUF, GetRoleByHash, GetRoleByVersion, GetRole, GetKey, RotateKey, DeleteTUF, Changefeed,
  Ping, Health, Metrics, NotFound
}
