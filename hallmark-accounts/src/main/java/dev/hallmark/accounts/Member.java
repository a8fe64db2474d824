package dev.hallmark.accounts;

/** A user's membership of an organisation; {@code isAdmin} makes them an organisation owner. */
public record Member(String user, boolean isAdmin) {}
