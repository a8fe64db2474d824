/**
 * The HTTP face of the registry: {@link dev.hallmark.registry.http.RegistryRoutes}, the route table
 * of the distribution API on Jetty 12 core, and its JSON bodies. Handlers parse, ask the
 * {@code ScopeCheck} for the route's scope, make one call into {@code content}/{@code blob}/
 * {@code store}, and write; blob bodies stream in both directions, never buffered whole.
 *
 * <p>The only package that depends on Jetty. The composition root sends registry paths
 * ({@link dev.hallmark.registry.http.RegistryRoutes#claims(String)}) here and everything else to the
 * trust API.
 */
package dev.hallmark.registry.http;
