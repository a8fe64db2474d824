package dev.hallmark.accounts;

import dev.hallmark.auth.Action;
import dev.hallmark.auth.Scope;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an identity may do, as DTR decides it: admins anything (the catalog included); anyone may pull
 * a public repository; a user anything in their own namespace; an organisation's admins anything in
 * its namespace; team members what their teams' access levels allow. Nothing else.
 *
 * <p>A scope name is a repository path {@code namespace/name}, optionally after a registry host
 * (a first component with a {@code .} or {@code :}, or {@code localhost}), as in a GUN
 * {@code registry.example.com/acme/app}.
 */
public final class Grants {
  private final AccountStore store;

  public Grants(AccountStore store) {
    this.store = store;
  }

  /** The part of {@code requested} that {@code who} may have; scopes left with no action are dropped. */
  public List<Scope> grant(Identity who, List<Scope> requested) {
    List<Scope> out = new ArrayList<>();
    for (Scope s : requested) {
      Scope granted = s.withActions(allowed(who, s));
      if (!granted.actions().isEmpty()) {
        out.add(granted);
      }
    }
    return out;
  }

  /** The actions {@code who} may take on the resource of {@code scope}. */
  Set<Action> allowed(Identity who, Scope scope) {
    if (who instanceof Identity.User u && u.account().isAdmin()) {
      return EnumSet.allOf(Action.class);
    }
    if (!scope.type().equals("repository")) {
      return EnumSet.noneOf(Action.class);
    }
    Optional<String[]> path = repositoryPath(scope.name());
    if (path.isEmpty()) {
      return EnumSet.noneOf(Action.class);
    }
    Optional<Account> ns = store.find(path.get()[0]);
    Optional<Repository> repo = ns.flatMap(a -> store.findRepository(a.name(), path.get()[1]));
    Set<Action> out = EnumSet.noneOf(Action.class);
    if (repo.isPresent() && repo.get().visibility() == Visibility.PUBLIC) {
      out.add(Action.PULL);
    }
    if (who instanceof Identity.User u && ns.isPresent()) {
      Account owner = ns.get();
      if (!owner.isOrg() && owner.id() == u.account().id()) {
        return EnumSet.allOf(Action.class);
      }
      if (owner.isOrg()) {
        if (store.isOrgAdmin(owner.id(), u.account().id())) {
          return EnumSet.allOf(Action.class);
        }
        if (repo.isPresent()) {
          for (AccessLevel level : store.teamLevels(u.account().id(), repo.get().id())) {
            out.addAll(level.actions());
          }
        }
      }
    }
    return out;
  }

  /** {@code [namespace, name]} of a scope name, without a leading registry host; empty if it is not one. */
  static Optional<String[]> repositoryPath(String scopeName) {
    String[] parts = scopeName.split("/", 2);
    String rest = scopeName;
    if (parts.length == 2 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
      rest = parts[1];
    }
    String[] nsAndName = rest.split("/", 2);
    if (nsAndName.length != 2) {
      return Optional.empty();
    }
    try {
      Account.checkName(nsAndName[0]);
      Repository.checkName(nsAndName[1]);
    } catch (AccountException e) {
      return Optional.empty();
    }
    return Optional.of(nsAndName);
  }
}
