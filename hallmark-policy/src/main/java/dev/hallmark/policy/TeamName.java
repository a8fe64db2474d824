package dev.hallmark.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/** A team of an organisation, written {@code org/team} as policies and messages name it. */
public record TeamName(String org, String team) implements Comparable<TeamName> {
  private static final Pattern PART = Pattern.compile("[a-z0-9](?:[a-z0-9._-]{0,253}[a-z0-9])?");

  public TeamName {
    Objects.requireNonNull(org);
    Objects.requireNonNull(team);
    if (!PART.matcher(org).matches() || !PART.matcher(team).matches()) {
      throw new IllegalArgumentException("invalid team name '" + org + "/" + team
          + "': expected ORG/TEAM in lower case letters, digits, '.', '_' or '-'");
    }
  }

  /** Parses {@code org/team}. @throws IllegalArgumentException when it is not of that form */
  public static TeamName parse(String text) {
    Objects.requireNonNull(text);
    int slash = text.indexOf('/');
    if (slash <= 0 || slash != text.lastIndexOf('/')) {
      throw new IllegalArgumentException("invalid team name '" + text + "': expected ORG/TEAM, e.g. dev/admin");
    }
    return new TeamName(text.substring(0, slash), text.substring(slash + 1));
  }

  @Override
  public int compareTo(TeamName o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    return org + "/" + team;
  }
}
