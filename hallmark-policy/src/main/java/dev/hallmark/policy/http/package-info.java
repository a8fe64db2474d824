/**
 * The policy's HTTP side: the policy context of a collection ({@link dev.hallmark.policy.http.ContextRoute}),
 * and the policy rules in the admin API ({@code /api/v0/policies}, {@link dev.hallmark.policy.http.PolicyAdminRoutes}),
 * plugged into the accounts admin API as an {@link dev.hallmark.accounts.http.AdminExtension}, which
 * authenticates (admins only) and maps errors.
 */
package dev.hallmark.policy.http;
