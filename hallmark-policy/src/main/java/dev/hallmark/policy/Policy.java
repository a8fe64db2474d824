package dev.hallmark.policy;

import java.util.List;

/**
 * UCP's "run only signed images": {@code require_content_trust} and {@code require_signature_from}.
 * With content trust required and no team listed, any valid signature by a delegation key of a known
 * user is enough; with teams listed, each listed team needs a signature by at least one current member
 * (AND across teams), and signatures in {@code targets/releases} never count for a team.
 *
 * @param requireSignatureFrom teams, sorted and without duplicates; empty means "any known user"
 */
public record Policy(boolean requireContentTrust, List<TeamName> requireSignatureFrom) {
  /** No requirement: every image is allowed. */
  public static final Policy NONE = new Policy(false, List.of());

  public Policy {
    requireSignatureFrom = requireSignatureFrom.stream().distinct().sorted().toList();
    if (!requireContentTrust && !requireSignatureFrom.isEmpty()) {
      throw new IllegalArgumentException("requiring signatures from teams requires content trust");
    }
  }

  /** Content trust required, signed by members of these teams (none: any known user). */
  public static Policy requireSignatures(List<TeamName> teams) {
    return new Policy(true, teams);
  }

  /** This policy with more required teams (a client's {@code --require-team}). */
  public Policy withTeams(List<TeamName> more) {
    if (more.isEmpty()) {
      return this;
    }
    var all = new java.util.ArrayList<>(requireSignatureFrom);
    all.addAll(more);
    return new Policy(true, all);
  }

  /** e.g. {@code content trust required, signatures from dev/admin and dev/qa}. */
  public String describe() {
    if (!requireContentTrust) {
      return "content trust not required";
    }
    if (requireSignatureFrom.isEmpty()) {
      return "content trust required (any known signer)";
    }
    return "content trust required, signatures from "
        + String.join(" and ", requireSignatureFrom.stream().map(TeamName::toString).toList());
  }
}
