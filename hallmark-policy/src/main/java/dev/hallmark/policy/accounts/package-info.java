/**
 * The {@link dev.hallmark.policy.Directory} of this server: signers identified by their client-bundle
 * certificates and current team memberships in the {@link dev.hallmark.accounts.AccountStore}.
 *
 * <p>Must not depend on HTTP; the evaluator in {@code dev.hallmark.policy} must not depend on this package.
 */
package dev.hallmark.policy.accounts;
