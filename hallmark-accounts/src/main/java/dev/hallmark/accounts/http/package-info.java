/**
 * The HTTP side of accounts on the registry's origin: the Docker token endpoint ({@code /auth/token}),
 * the admin API ({@code /api/v0/…}), and the {@link dev.hallmark.accounts.http.AuthFilter} that puts
 * bearer-token challenges in front of the trust and registry APIs, asking each API's
 * {@link dev.hallmark.auth.AccessRules} what a request needs.
 *
 * <p>Must not depend on the trust server or the registry; they plug in through {@code AccessRules}.
 */
package dev.hallmark.accounts.http;
