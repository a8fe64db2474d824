package dev.hallmark.registry.access;

/** An action of a token scope (Docker token auth: {@code pull}, {@code push}, {@code delete}, {@code *}). */
public enum Action {
  PULL("pull"),
  PUSH("push"),
  DELETE("delete"),
  ALL("*");

  private final String wireName;

  Action(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
