package dev.hallmark.server.store;

/** An update that offers a version not newer than one already stored; nothing was written. */
public final class VersionConflictException extends Exception {
  private static final long serialVersionUID = 1L;

  public VersionConflictException(String message) {
    super(message);
  }
}
