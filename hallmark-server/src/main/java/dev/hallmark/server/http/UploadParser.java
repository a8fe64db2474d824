package dev.hallmark.server.http;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.server.TrustServerException;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Attributes;

/**
 * Reads a publish body: {@code multipart/form-data}, one part per role, the role in the part's raw
 * {@code filename} ({@code targets/releases}, slash kept; an optional {@code .json} stripped), as
 * notary clients send it (reference server/handlers/default.go). Every limit is enforced while the
 * body streams in, so an oversized upload is refused without being held in memory.
 */
final class UploadParser {
  private UploadParser() {}

  /**
   * Reads the parts in order, handing each (role, bytes) to {@code sink} before looking at the next,
   * so problems are reported in the order notary finds them (reference server/handlers/default.go:
   * per part, no filename, invalid role, then its JSON).
   */
  static void parse(Request request, TrustApiConfig.Limits limits, BiConsumer<RoleName, Bytes> sink) {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null
        || !contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("multipart/form-data")
        || !contentType.toLowerCase(Locale.ROOT).contains("boundary=")) {
      throw TrustServerException.of(ErrorCode.MALFORMED_UPLOAD);
    }
    long declared = request.getLength();
    if (declared > limits.maxBodyBytes()) {
      throw TrustServerException.of(ErrorCode.TOO_LARGE, "body of " + declared + " bytes exceeds the limit of "
          + limits.maxBodyBytes());
    }
    MultiPartConfig config = new MultiPartConfig.Builder()
        .maxParts(limits.maxParts())
        .maxSize(limits.maxBodyBytes())
        .maxPartSize(limits.maxPartBytes())
        .maxMemoryPartSize(limits.maxPartBytes())
        .maxHeadersSize(16 * 1024)
        .useFilesForPartsWithoutFileName(false)
        .build();
    MultiPartFormData.Parts parts;
    try {
      // parts are held in memory and closed below; a private attribute holder keeps a failed parse
      // off the request, where Jetty would re-raise it and log a warning per malformed upload
      parts = MultiPartFormData.getParts(request, new Attributes.Mapped(), contentType, config);
    } catch (RuntimeException e) {
      throw translate(e, limits.maxParts());
    }
    try (parts) {
      Set<RoleName> seen = new HashSet<>();
      for (MultiPart.Part part : parts) {
        String name = rawFilename(part.getHeaders().get(HttpHeader.CONTENT_DISPOSITION));
        if (name == null || name.isEmpty()) {
          throw TrustServerException.of(ErrorCode.NO_FILENAME);
        }
        if (name.endsWith(".json")) {
          name = name.substring(0, name.length() - 5);
        }
        if (!RoleName.isValid(name)) {
          throw TrustServerException.of(ErrorCode.INVALID_ROLE, Json.of(name));
        }
        RoleName role = RoleName.of(name);
        if (!seen.add(role)) {
          throw TrustServerException.of(ErrorCode.MALFORMED_UPLOAD, "two parts for role " + role);
        }
        Bytes bytes;
        try (InputStream in = Content.Source.asInputStream(part.getContentSource())) {
          bytes = Bytes.wrap(in.readAllBytes());
        }
        sink.accept(role, bytes);
      }
    } catch (IOException e) {
      throw TrustServerException.withoutDetail(ErrorCode.MALFORMED_UPLOAD, "unreadable part: " + e.getMessage());
    }
  }

  private static TrustServerException translate(Throwable e, int maxParts) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("too many")) {
        return TrustServerException.of(ErrorCode.TOO_LARGE, "upload has more than " + maxParts + " parts");
      }
      if (m.contains("max") || m.contains("too large") || m.contains("exceed")) {
        return TrustServerException.of(ErrorCode.TOO_LARGE, "upload exceeds a limit: " + t.getMessage());
      }
    }
    return TrustServerException.withoutDetail(ErrorCode.MALFORMED_UPLOAD, "malformed multipart body: " + e.getMessage());
  }

  /**
   * The {@code filename} parameter of a Content-Disposition header as notary reads it (the raw
   * parameter through Go's {@code mime.ParseMediaType}, reference server/handlers/default.go
   * partFileName): parameter names case-insensitive, spaces allowed around {@code =}, quoted or token
   * values, RFC 2231 {@code filename*} (UTF-8 or US-ASCII, also in numbered pieces) taking precedence.
   * A header that does not parse (bad disposition type, malformed or repeated parameter, unterminated
   * quote) has no filename: {@code null}.
   */
  static String rawFilename(String disposition) {
    if (disposition == null) {
      return null;
    }
    int semi = disposition.indexOf(';');
    String type = (semi < 0 ? disposition : disposition.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    if (!validDispositionType(type)) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, String> pieces = new LinkedHashMap<>(); // filename*, filename*0, filename*1* ...
    String v = semi < 0 ? "" : disposition.substring(semi);
    int i = 0;
    int n = v.length();
    while (true) {
      i = skipSpace(v, i);
      if (i >= n) {
        break;
      }
      int start = i;
      // ';' name '=' value
      if (v.charAt(i) != ';') {
        return null;
      }
      i = skipSpace(v, i + 1);
      int nameEnd = tokenEnd(v, i);
      if (nameEnd == i) {
        if (v.substring(start).strip().equals(";")) {
          break; // a trailing semicolon is allowed
        }
        return null;
      }
      String name = v.substring(i, nameEnd).toLowerCase(Locale.ROOT);
      i = skipSpace(v, nameEnd);
      if (i >= n || v.charAt(i) != '=') {
        return null;
      }
      i = skipSpace(v, i + 1);
      String value;
      if (i < n && v.charAt(i) == '"') {
        var sb = new StringBuilder();
        int j = i + 1;
        boolean closed = false;
        while (j < n) {
          char c = v.charAt(j);
          if (c == '"') {
            closed = true;
            break;
          }
          if (c == '\\' && j + 1 < n && TSPECIALS.indexOf(v.charAt(j + 1)) >= 0) {
            c = v.charAt(++j);
          }
          sb.append(c);
          j++;
        }
        if (!closed) {
          return null;
        }
        value = sb.toString();
        i = j + 1;
      } else {
        int end = tokenEnd(v, i);
        if (end == i) {
          return null;
        }
        value = v.substring(i, end);
        i = end;
      }
      Map<String, String> target = name.startsWith("filename*") ? pieces : params;
      String previous = target.putIfAbsent(name, value);
      if (previous != null && !previous.equals(value)) {
        return null; // a repeated parameter is ambiguous
      }
    }
    String extended = extendedFilename(pieces);
    return extended != null ? extended : params.get("filename");
  }

  private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

  private static boolean validDispositionType(String type) {
    int end = tokenEnd(type, 0);
    if (end == 0) {
      return false;
    }
    if (end == type.length()) {
      return true;
    }
    if (type.charAt(end) != '/') {
      return false;
    }
    int sub = tokenEnd(type, end + 1);
    return sub > end + 1 && sub == type.length();
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int tokenEnd(String s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || TSPECIALS.indexOf(c) >= 0) {
        break;
      }
      i++;
    }
    return i;
  }

  /** {@code filename*} or {@code filename*0}, {@code filename*1*} ... (RFC 2231); null when absent or undecodable. */
  private static String extendedFilename(Map<String, String> pieces) {
    if (pieces.isEmpty()) {
      return null;
    }
    String single = pieces.get("filename*");
    if (single != null) {
      return decode2231(single, true);
    }
    var sb = new StringBuilder();
    boolean any = false;
    for (int k = 0; ; k++) {
      String plain = pieces.get("filename*" + k);
      String encoded = pieces.get("filename*" + k + "*");
      if (plain != null) {
        sb.append(plain);
      } else if (encoded != null) {
        String d = decode2231(encoded, k == 0);
        if (d != null) {
          sb.append(d);
        }
      } else {
        break;
      }
      any = true;
    }
    return any ? sb.toString() : null;
  }

  /** charset'language'percent-encoded (the first piece), or percent-encoded only (later pieces). */
  private static String decode2231(String s, boolean withCharset) {
    String data = s;
    if (withCharset) {
      String[] parts = s.split("'", 3);
      if (parts.length != 3) {
        return null;
      }
      String charset = parts[0].toLowerCase(Locale.ROOT);
      if (!charset.equals("us-ascii") && !charset.equals("utf-8")) {
        return null;
      }
      data = parts[2];
    }
    var out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == '%') {
        if (i + 2 >= data.length()) {
          return null;
        }
        int hi = Character.digit(data.charAt(i + 1), 16);
        int lo = Character.digit(data.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
