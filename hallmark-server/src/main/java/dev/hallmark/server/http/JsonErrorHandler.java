package dev.hallmark.server.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before a request reaches the routes (malformed request line, ambiguous URI,
 * oversized headers) get the API's JSON error body instead of an HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    String wire = switch (code) {
      case 404 -> "METADATA_NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 413, 414, 431 -> "TOO_LARGE";
      case 400 -> "BAD_REQUEST";
      default -> code >= 500 ? "UNKNOWN" : "BAD_REQUEST";
    };
    String text = code >= 500 ? "unknown error" : "The request could not be understood: " + (message == null ? "bad request" : message);
    byte[] body = ErrorBodies.of(wire, text, null);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
