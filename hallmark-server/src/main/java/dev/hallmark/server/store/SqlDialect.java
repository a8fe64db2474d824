package dev.hallmark.server.store;

/** The SQL databases the store runs on, and where their syntax differs. */
public enum SqlDialect {
  H2("VARBINARY"),
  POSTGRESQL("BYTEA");

  private final String binaryType;

  SqlDialect(String binaryType) {
    this.binaryType = binaryType;
  }

  String binaryType() {
    return binaryType;
  }

  /** The dialect of a JDBC URL. @throws IllegalArgumentException for other databases */
  public static SqlDialect fromJdbcUrl(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("unsupported database URL (H2 or PostgreSQL): " + url.replaceAll("\\?.*", ""));
  }
}
