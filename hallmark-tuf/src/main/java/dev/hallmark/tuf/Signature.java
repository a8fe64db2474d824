package dev.hallmark.tuf;

import java.util.Objects;

/** One signature of a metadata file. */
public record Signature(KeyId keyId, SignatureMethod method, Bytes value) {
  public Signature {
    Objects.requireNonNull(keyId);
    Objects.requireNonNull(method);
    Objects.requireNonNull(value);
  }
}
