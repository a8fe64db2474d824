package dev.hallmark.server.publish;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.server.TrustServerException;
import dev.hallmark.server.store.MetadataStore;
import dev.hallmark.server.store.NewFile;
import dev.hallmark.server.store.VersionConflictException;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.Metadata;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.TufCodec;
import dev.hallmark.tuf.TufException;
import dev.hallmark.tuf.Verifier;
import dev.hallmark.tuf.json.JsonException;
import dev.hallmark.tuf.json.JsonReader;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Publishing an update of a trust collection: parse every uploaded file, validate the update
 * against what is stored, sign snapshot and timestamp as needed, and store everything in one
 * transaction. Either every file is stored or none.
 */
public final class Publish {
  private final MetadataStore store;
  private final UpdateValidation validation;
  private final Consumer<Gun> changed;

  /**
   * @param changed told after a GUN's metadata changed (cache invalidation)
   */
  public Publish(MetadataStore store, ServerSigning signing, Verifier verifier, Clock clock, Consumer<Gun> changed) {
    this.store = store;
    this.validation = new UpdateValidation(signing, verifier, clock);
    this.changed = changed;
  }

  /**
   * The parts of one upload, decoded one at a time in the order they arrive and only as far as
   * notary decodes a part on arrival (reference server/handlers/default.go): a part that is not
   * JSON metadata is refused at once, before the parts after it are looked at; a part that is JSON
   * but not valid metadata of its role is refused later, where validation loads that role.
   */
  public static final class Upload {
    private final Map<RoleName, Signed<? extends Metadata>> parsed = new LinkedHashMap<>();
    private final Map<RoleName, UpdateValidation.Rejected> rejected = new LinkedHashMap<>();

    /**
     * Adds the next part; a {@code timestamp} must be JSON but is otherwise ignored, as the server
     * always makes its own.
     *
     * @throws TrustServerException {@code MALFORMED_JSON}
     */
    public void add(RoleName role, Bytes bytes) {
      if (role.equals(RoleName.TIMESTAMP)) {
        requireJson(role, bytes);
        return;
      }
      try {
        parsed.put(role, parse(role, bytes));
      } catch (InvalidMetadata i) {
        rejected.put(role, new UpdateValidation.Rejected(i.common, i.error));
      }
    }
  }

  /**
   * Publishes the files of an update (role → exact bytes, in upload order).
   *
   * @throws TrustServerException with the reference's code for a rejected update
   * @throws IOException when the store fails
   */
  public void publish(Gun gun, Map<RoleName, Bytes> files) throws IOException {
    Upload upload = new Upload();
    files.forEach(upload::add);
    publish(gun, upload);
  }

  /**
   * Publishes an upload.
   *
   * @throws TrustServerException with the reference's code for a rejected update
   * @throws IOException when the store fails
   */
  public void publish(Gun gun, Upload upload) throws IOException {
    Map<RoleName, Signed<? extends Metadata>> parsed = upload.parsed;
    Map<RoleName, UpdateValidation.Rejected> rejected = upload.rejected;
    try {
      store.update(gun, view -> {
        List<NewFile> out = validation.validate(gun, parsed, rejected, view);
        return new MetadataStore.Result<>(out, null);
      });
    } catch (VersionConflictException e) {
      throw TrustServerException.withEmptyDetail(ErrorCode.VERSION);
    }
    changed.accept(gun);
  }

  /**
   * JSON that is not valid metadata of its role, or not in notary's byte form. notary reads only the
   * common fields when the upload arrives and finds the rest when validation loads the role, so the
   * failure is reported at that point of the validation order, after the checks that come before it.
   */
  private static final class InvalidMetadata extends Exception {
    private static final long serialVersionUID = 1L;
    final transient TrustServerException error;
    final transient TufCodec.Common common;

    InvalidMetadata(TrustServerException error, Bytes file) {
      super(error.getMessage(), null, false, false);
      this.error = error;
      this.common = TufCodec.common(file);
    }
  }

  private static void requireJson(RoleName role, Bytes bytes) {
    try {
      JsonReader.forMetadata().parse(bytes.unsafeArray());
    } catch (JsonException e) {
      throw TrustServerException.withoutDetail(ErrorCode.MALFORMED_JSON, role + ": not valid JSON: " + e.getMessage());
    }
  }

  private static Signed<? extends Metadata> parse(RoleName role, Bytes bytes) throws InvalidMetadata {
    Signed<? extends Metadata> s;
    try {
      s = TufCodec.decode(role, bytes);
    } catch (TufException e) {
      if (e.kind() == TufException.Kind.MALFORMED) {
        throw TrustServerException.withoutDetail(ErrorCode.MALFORMED_JSON, role + ": " + e.getMessage());
      }
      throw new InvalidMetadata(invalid(role, e.getMessage()), bytes);
    }
    boolean fixedPoint;
    try {
      fixedPoint = s.isFixedPoint();
    } catch (RuntimeException e) {
      throw new InvalidMetadata(invalid(role, role + " cannot be encoded as notary encodes metadata: " + e.getMessage()),
          bytes);
    }
    if (!fixedPoint) {
      // Go clients re-encode what they parse and hash that; a file that does not survive the round
      // trip would be hashed differently by them than by us and break the repository later.
      throw new InvalidMetadata(invalid(role,
          role + " is not in the canonical form notary writes (re-encoding it changes its bytes)"), bytes);
    }
    return s;
  }

  private static TrustServerException invalid(RoleName role, String msg) {
    String name = role.equals(RoleName.ROOT) ? "ErrBadRoot"
        : role.equals(RoleName.SNAPSHOT) ? "ErrBadSnapshot" : "ErrBadTargets";
    return TrustServerException.invalidUpdate(name, msg);
  }
}
