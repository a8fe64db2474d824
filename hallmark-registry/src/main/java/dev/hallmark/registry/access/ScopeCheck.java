package dev.hallmark.registry.access;

/**
 * Decides whether a request may have a scope. Implemented by the auth module and passed to the
 * routes by the composition root; called once per scope a request needs (a cross-repository mount
 * needs pull on the source and push on the target), on a virtual thread, so it may block.
 *
 * {@snippet :
 * ScopeCheck check = (credentials, scope) -> tokens.verify(credentials.authorization())
 *     .allows(scope.wire()) ? new Decision.Allowed(user) : new Decision.Denied(true, challenge(scope), "token lacks scope");
 * }
 */
@FunctionalInterface
public interface ScopeCheck {
  /** Everything allowed to everyone: the registry without auth. */
  ScopeCheck ALLOW_ALL = (credentials, scope) -> new Decision.Allowed("anonymous");

  /** The decision for one scope; never throws for a refusal (return {@link Decision.Denied}). */
  Decision check(Credentials credentials, Scope scope);
}
