package dev.hallmark.policy;

import dev.hallmark.oci.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * One policy decision about one image, with a message a person can act on, e.g.
 * {@code denied: registry.example/dev/nginx:1 (sha256:...) has no signature from a member of team
 * dev/admin; signed by alice (teams: dev/qa) in targets/qa}.
 *
 * @param image the image reference as given
 * @param digest the manifest digest the decision is about: the signed digest a tag resolved to, or
 *     the digest of a by-digest reference; empty when none could be determined
 * @param message starts with {@code allowed:} or {@code denied:}
 * @param trustData which trust data the decision used, e.g. {@code timestamp v7, targets v3, read 2.1 s
 *     ago}; empty when none was read
 */
public record Decision(String image, Optional<Digest> digest, Reason reason, String message, String trustData) {
  public Decision {
    Objects.requireNonNull(image);
    Objects.requireNonNull(digest);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(message);
    Objects.requireNonNull(trustData);
  }

  public boolean allowed() {
    return reason.allows();
  }
}
