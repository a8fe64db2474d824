/**
 * The policy rules in the admin API ({@code /api/v0/policies}), plugged into the accounts admin API as
 * an {@link dev.hallmark.accounts.http.AdminExtension}, which authenticates (admins only) and maps errors.
 *
 * <p>Must not depend on the trust server or the registry.
 */
package dev.hallmark.policy.http;
