package dev.hallmark.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * notary-server's {@code storage.db_url} for the postgres backend, a lib/pq connection string, as the
 * pgjdbc URL that connects the same way. Both of lib/pq's forms are read: the URL
 * ({@code postgres://user:pass@host:port/db?sslmode=verify-full&sslrootcert=...}) and key/value pairs
 * ({@code host=db user=notary sslmode=require}). JDBC URLs pass through unchanged.
 *
 * <p>lib/pq's semantics are kept where they differ from pgjdbc's defaults: TLS is required when
 * {@code sslmode} is absent (pgjdbc would fall back to plain text), {@code require} with an existing
 * {@code sslrootcert} verifies the server's certificate against it, and parameters that are not
 * connection settings are sent to the server as run-time parameters. What pgjdbc cannot honour
 * (Kerberos, inline certificates, an sslmode lib/pq does not know) is refused with the parameter's
 * name rather than dropped.
 */
final class PostgresDsn {
  /** lib/pq settings that configure the driver and are not sent to the server. */
  private static final Set<String> IGNORED = Set.of("sslsni", "disable_prepared_binary_result", "binary_parameters");
  private static final Set<String> REFUSED = Set.of("sslinline", "krbsrvname", "krbspn");

  private PostgresDsn() {}

  /**
   * The pgjdbc URL for a lib/pq connection string.
   *
   * @throws IllegalArgumentException naming what cannot be converted
   */
  static String toJdbc(String dsn) {
    if (dsn.startsWith("jdbc:")) {
      return dsn;
    }
    Map<String, String> o = dsn.startsWith("postgres://") || dsn.startsWith("postgresql://") ? fromUrl(dsn) : fromPairs(dsn);
    return jdbc(o);
  }

  private static Map<String, String> fromUrl(String dsn) {
    URI u;
    try {
      u = new URI(dsn);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid postgres:// URL: " + e.getReason());
    }
    Map<String, String> o = new LinkedHashMap<>();
    if (u.getRawUserInfo() != null) {
      String[] up = u.getRawUserInfo().split(":", 2);
      put(o, "user", pathUnescape(up[0]));
      if (up.length > 1) {
        put(o, "password", pathUnescape(up[1]));
      }
    }
    if (u.getHost() != null) {
      String host = u.getHost();
      put(o, "host", host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    } else if (u.getRawAuthority() != null && !u.getRawAuthority().endsWith("@")) {
      throw new IllegalArgumentException("cannot read the host of " + u.getRawAuthority().replaceFirst("^.*@", ""));
    }
    if (u.getPort() >= 0) {
      put(o, "port", Integer.toString(u.getPort()));
    }
    if (u.getRawPath() != null && u.getRawPath().length() > 1) {
      put(o, "dbname", pathUnescape(u.getRawPath().substring(1)));
    }
    if (u.getRawQuery() != null) {
      for (String pair : u.getRawQuery().split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        String[] kv = pair.split("=", 2);
        String key = URLDecoder.decode(kv[0], UTF_8);
        // as Go's url.Values.Get: the first value of a repeated key
        o.putIfAbsent(key, kv.length > 1 ? URLDecoder.decode(kv[1], UTF_8) : "");
      }
    }
    return o;
  }

  /** lib/pq's {@code key=value} form: values bare or in single quotes, with backslash escapes. */
  private static Map<String, String> fromPairs(String dsn) {
    Map<String, String> o = new LinkedHashMap<>();
    int i = 0;
    int n = dsn.length();
    while (true) {
      while (i < n && Character.isWhitespace(dsn.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return o;
      }
      int keyStart = i;
      while (i < n && !Character.isWhitespace(dsn.charAt(i)) && dsn.charAt(i) != '=') {
        i++;
      }
      String key = dsn.substring(keyStart, i);
      while (i < n && Character.isWhitespace(dsn.charAt(i))) {
        i++;
      }
      if (i >= n || dsn.charAt(i) != '=') {
        throw new IllegalArgumentException("missing \"=\" after \"" + key + "\" in the connection string");
      }
      i++;
      while (i < n && Character.isWhitespace(dsn.charAt(i))) {
        i++;
      }
      var value = new StringBuilder();
      if (i < n && dsn.charAt(i) == '\'') {
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException("unterminated quoted string in the connection string");
          }
          char c = dsn.charAt(i++);
          if (c == '\'') {
            break;
          }
          if (c == '\\') {
            if (i >= n) {
              throw new IllegalArgumentException("unterminated quoted string in the connection string");
            }
            c = dsn.charAt(i++);
          }
          value.append(c);
        }
      } else {
        while (i < n && !Character.isWhitespace(dsn.charAt(i))) {
          char c = dsn.charAt(i++);
          if (c == '\\' && i < n) {
            c = dsn.charAt(i++);
          }
          value.append(c);
        }
      }
      o.put(key, value.toString());
    }
  }

  private static String jdbc(Map<String, String> in) {
    Map<String, String> o = new LinkedHashMap<>(in);
    String host = o.remove("host");
    if (host != null && host.startsWith("/")) {
      throw new IllegalArgumentException("host " + host + ": connections over a Unix socket are not supported; use host and port");
    }
    var url = new StringBuilder("jdbc:postgresql://");
    String h = host == null || host.isEmpty() ? "localhost" : host;
    url.append(h.contains(":") ? "[" + h + "]" : h);
    String port = o.remove("port");
    if (port != null && !port.isEmpty()) {
      if (!port.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("port: not a number: " + port);
      }
      url.append(':').append(port);
    }
    url.append('/');
    String db = o.remove("dbname");
    if (db != null) {
      url.append(encode(db));
    }

    List<String> params = new ArrayList<>();
    add(params, "user", o.remove("user"));
    add(params, "password", o.remove("password"));
    String mode = o.remove("sslmode");
    String rootCert = o.remove("sslrootcert");
    if (mode == null || mode.isEmpty() || mode.equals("require")) {
      // lib/pq: TLS is the default; with a readable root certificate, require verifies against it
      boolean haveRoot = rootCert != null && Files.isRegularFile(Path.of(rootCert));
      mode = haveRoot ? "verify-ca" : "require";
      rootCert = haveRoot ? rootCert : null;
    } else if (!Set.of("verify-ca", "verify-full", "disable").contains(mode)) {
      throw new IllegalArgumentException("sslmode: unsupported sslmode \"" + mode
          + "\"; only \"require\" (default), \"verify-full\", \"verify-ca\", and \"disable\" supported");
    }
    add(params, "sslmode", mode);
    add(params, "sslrootcert", rootCert);
    add(params, "sslcert", o.remove("sslcert"));
    add(params, "sslkey", o.remove("sslkey"));
    String timeout = o.remove("connect_timeout");
    if (timeout != null) {
      if (!timeout.chars().allMatch(Character::isDigit) || timeout.isEmpty()) {
        throw new IllegalArgumentException("connect_timeout: invalid value " + timeout);
      }
      add(params, "connectTimeout", timeout);
    }
    String app = o.remove("application_name");
    String fallbackApp = o.remove("fallback_application_name");
    add(params, "ApplicationName", app != null ? app : fallbackApp);

    var runtime = new StringJoiner(" ");
    for (var e : o.entrySet()) {
      if (REFUSED.contains(e.getKey())) {
        throw new IllegalArgumentException(e.getKey() + ": not supported by Hallmark's PostgreSQL driver");
      }
      if (IGNORED.contains(e.getKey())) {
        continue;
      }
      if (e.getKey().isEmpty() || !e.getKey().chars().allMatch(c -> c == '_' || c == '.' || Character.isLetterOrDigit(c))) {
        throw new IllegalArgumentException("not a valid parameter name: \"" + e.getKey() + "\"");
      }
      // lib/pq sends other parameters in the startup packet; pgjdbc sends them as -c options
      runtime.add("-c " + e.getKey() + "=" + e.getValue().replace("\\", "\\\\").replace(" ", "\\ "));
    }
    if (runtime.length() > 0) {
      add(params, "options", runtime.toString());
    }
    if (!params.isEmpty()) {
      url.append('?').append(String.join("&", params));
    }
    return url.toString();
  }

  private static void put(Map<String, String> o, String key, String value) {
    if (!value.isEmpty()) {
      o.put(key, value);
    }
  }

  private static void add(List<String> params, String key, String value) {
    if (value != null && !value.isEmpty()) {
      params.add(key + "=" + encode(value));
    }
  }

  /** As pgjdbc decodes URL parts: {@link URLDecoder}, so {@code +} must be escaped too. */
  private static String encode(String s) {
    return URLEncoder.encode(s, UTF_8);
  }

  /** Percent-decoding of a URL's user info or path, where {@code +} is a plus sign (Go's PathUnescape). */
  private static String pathUnescape(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), UTF_8);
  }
}
