package dev.hallmark.accounts;

/** A team within an organisation. */
public record Team(long id, String org, String name) {
  public Team {
    Account.checkName(org);
    Account.checkName(name);
  }
}
