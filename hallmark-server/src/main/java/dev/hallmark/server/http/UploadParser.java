package dev.hallmark.server.http;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.server.TrustServerException;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a publish body: {@code multipart/form-data}, one part per role, the role in the part's raw
 * {@code filename} ({@code targets/releases}, slash kept; an optional {@code .json} stripped), as
 * notary clients send it (reference server/handlers/default.go). Every limit is enforced while the
 * body streams in, so an oversized upload is refused without being held in memory.
 */
final class UploadParser {
  private UploadParser() {}

  static Map<RoleName, Bytes> parse(Request request, TrustApiConfig.Limits limits) {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
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
      parts = MultiPartFormData.getParts(request, request, contentType, config);
    } catch (RuntimeException e) {
      throw translate(e, limits.maxParts());
    }
    try (parts) {
      Map<RoleName, Bytes> files = new LinkedHashMap<>();
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
        if (files.containsKey(role)) {
          throw TrustServerException.of(ErrorCode.MALFORMED_UPLOAD, "two parts for role " + role);
        }
        try (InputStream in = Content.Source.asInputStream(part.getContentSource())) {
          files.put(role, Bytes.wrap(in.readAllBytes()));
        }
      }
      return files;
    } catch (IOException e) {
      throw TrustServerException.of(ErrorCode.MALFORMED_UPLOAD, "unreadable part: " + e.getMessage());
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
    return TrustServerException.of(ErrorCode.MALFORMED_UPLOAD, "malformed multipart body");
  }

  /** The raw {@code filename} parameter of a Content-Disposition header, unescaped; null if absent. */
  static String rawFilename(String disposition) {
    if (disposition == null) {
      return null;
    }
    int i = 0;
    int n = disposition.length();
    while (i < n) {
      int semi = disposition.indexOf(';', i);
      if (semi < 0) {
        return null;
      }
      i = semi + 1;
      while (i < n && disposition.charAt(i) == ' ') {
        i++;
      }
      int eq = disposition.indexOf('=', i);
      if (eq < 0) {
        return null;
      }
      String key = disposition.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      i = eq + 1;
      String value;
      if (i < n && disposition.charAt(i) == '"') {
        var sb = new StringBuilder();
        i++;
        while (i < n && disposition.charAt(i) != '"') {
          char c = disposition.charAt(i);
          if (c == '\\' && i + 1 < n) {
            c = disposition.charAt(++i);
          }
          sb.append(c);
          i++;
        }
        i++;
        value = sb.toString();
      } else {
        int end = disposition.indexOf(';', i);
        value = (end < 0 ? disposition.substring(i) : disposition.substring(i, end)).strip();
        i = end < 0 ? n : end;
      }
      if (key.equals("filename")) {
        return value;
      }
    }
    return null;
  }
}
