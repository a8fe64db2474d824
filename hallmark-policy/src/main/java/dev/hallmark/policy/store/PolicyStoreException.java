package dev.hallmark.policy.store;

/** The policy database cannot be read or written; nothing was changed. */
public final class PolicyStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PolicyStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
