package dev.hallmark.tuf;

import dev.hallmark.tuf.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A public key as TUF metadata lists it: a type and the bytes of its {@code keyval.public}.
 *
 * <p>All key types carry the same data (a byte string), so the type is an enum rather than a
 * hierarchy; {@link Keys} turns the bytes into usable key material.
 */
public record PublicKey(KeyType type, Bytes publicBytes) {
  public PublicKey {
    Objects.requireNonNull(type);
    Objects.requireNonNull(publicBytes);
  }

  /** The key as metadata encodes it: {@code {"keytype":…,"keyval":{"private":null,"public":…}}}. */
  public Json toJson() {
    return Json.object()
        .put("keytype", Json.of(type.wireName()))
        .put("keyval", Json.object()
            .put("private", Json.Null.INSTANCE)
            .put("public", Json.of(publicBytes.base64()))
            .build())
        .build();
  }

  /** The TUF key ID: hex SHA-256 of the canonical JSON of {@link #toJson()}. */
  public KeyId id() {
    // the canonical encoding of toJson(), written directly: this runs for every signature checked.
    // Neither the type names nor base64 contain characters canonical JSON escapes.
    String canonical = "{\"keytype\":\"" + type.wireName() + "\",\"keyval\":{\"private\":null,\"public\":\""
        + publicBytes.base64() + "\"}}";
    return new KeyId(Bytes.wrap(canonical.getBytes(StandardCharsets.US_ASCII)).sha256().hex());
  }

  /**
   * The canonical key ID notary uses for file names and CLI output: for certificate keys the TUF ID
   * of the certificate's public key as a plain key, otherwise {@link #id()}.
   */
  public KeyId canonicalId() {
    if (!type.isCertificate()) {
      return id();
    }
    // parsing the certificate dominates; the same certificates come back with every verification
    KeyId known = CERTIFICATE_IDS.get(publicBytes);
    if (known == null) {
      known = Keys.certificatePublicKey(this).id();
      if (CERTIFICATE_IDS.size() >= MAX_REMEMBERED) {
        CERTIFICATE_IDS.clear();
      }
      CERTIFICATE_IDS.put(publicBytes, known);
    }
    return known;
  }

  private static final int MAX_REMEMBERED = 4096;
  private static final java.util.concurrent.ConcurrentHashMap<Bytes, KeyId> CERTIFICATE_IDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The PEM text of a certificate key. */
  public String pemText() {
    return new String(publicBytes.unsafeArray(), StandardCharsets.UTF_8);
  }
}
