package dev.hallmark.policy;

import java.util.List;
import java.util.Objects;

/**
 * The person behind a delegation key, as the server knows them now: the user whose client-bundle
 * certificate carries the key, and the teams that user belongs to at this moment.
 *
 * @param certificate how messages name the certificate, e.g. its serial number
 * @param teams the user's current teams, sorted
 */
public record Signer(String user, String certificate, List<TeamName> teams) {
  public Signer {
    Objects.requireNonNull(user);
    Objects.requireNonNull(certificate);
    teams = teams.stream().distinct().sorted().toList();
  }

  /** e.g. {@code alice (teams: dev/admin, dev/qa)} or {@code alice (no teams)}. */
  public String describe() {
    return user + (teams.isEmpty() ? " (no teams)"
        : " (teams: " + String.join(", ", teams.stream().map(TeamName::toString).toList()) + ")");
  }
}
