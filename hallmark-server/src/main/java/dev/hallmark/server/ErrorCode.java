package dev.hallmark.server;

/**
 * Error codes of the trust API with their HTTP status and fixed message, as notary-server 0.7
 * sends them (reference server/errors/errors.go); the wire code is {@link #name()}.
 */
public enum ErrorCode {
  MALFORMED_UPLOAD(400, "The body of your request is malformed."),
  NO_FILENAME(400, "No file/role name provided."),
  INVALID_ROLE(400, "The role you are attempting to operate on is invalid."),
  MALFORMED_JSON(400, "JSON sent by the client could not be parsed by the server"),
  INVALID_UPDATE(400, "Update sent by the client is invalid."),
  VERSION(400, "A newer version of metadata is already available."),
  INVALID_GUN(400, "The server does not support actions on images of this name."),
  INVALID_PARAMETERS(400, "The parameters provided are not valid."),
  UNAUTHORIZED(401, "authentication required"),
  METADATA_NOT_FOUND(404, "You have requested metadata that does not exist."),
  METHOD_NOT_ALLOWED(405, "The requested method is not allowed for this resource."),
  TOO_LARGE(413, "The request body is larger than this server accepts."),
  UNSUPPORTED_MEDIA_TYPE(415, "The request body has an unsupported content type."),
  UPDATING(500, "An error has occurred while updating the TUF repository."),
  NO_CRYPTOSERVICE(500, "The server does not have a signing service configured."),
  UNKNOWN(500, "unknown error"),
  UNAVAILABLE(503, "The service is temporarily unavailable.");

  private final int httpStatus;
  private final String message;

  ErrorCode(int httpStatus, String message) {
    this.httpStatus = httpStatus;
    this.message = message;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String message() {
    return message;
  }
}
