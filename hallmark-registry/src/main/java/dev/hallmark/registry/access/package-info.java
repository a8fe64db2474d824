/**
 * The access-control seam of the registry. The HTTP routes compute the {@link dev.hallmark.registry.access.Scope}
 * each request needs ({@code repository:<name>:pull}, {@code repository:<name>:push},
 * {@code repository:<name>:delete}, {@code registry:catalog:*}, or the empty scope of the
 * {@code /v2/} ping) and ask the {@link dev.hallmark.registry.access.ScopeCheck} the composition
 * root passes in. A {@link dev.hallmark.registry.access.Decision.Denied} becomes a 401
 * {@code UNAUTHORIZED} with its {@code WWW-Authenticate} challenge, or a 403 {@code DENIED}.
 * {@link dev.hallmark.registry.access.ScopeCheck#ALLOW_ALL} is the default (auth off).
 *
 * <p>Holds no policy and depends on nothing but the JDK and hallmark-oci; hallmark-auth implements
 * the check (Docker token auth), and this package must never depend on it.
 */
package dev.hallmark.registry.access;
