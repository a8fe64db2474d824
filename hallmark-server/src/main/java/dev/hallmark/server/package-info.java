/**
 * The trust server (Notary v1 API): its error codes ({@link dev.hallmark.server.ErrorCode}), the one
 * exception handlers throw ({@link dev.hallmark.server.TrustServerException}) and its settings
 * ({@link dev.hallmark.server.TrustApiConfig}). Capabilities live in subpackages: {@code publish},
 * {@code fetch}, {@code keys}, {@code store}, and {@code http} for the plumbing.
 */
package dev.hallmark.server;
