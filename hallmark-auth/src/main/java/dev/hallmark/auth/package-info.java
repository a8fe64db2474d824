/**
 * Docker token authentication as docker distribution and notary-server 0.7 implement it: resource
 * {@link dev.hallmark.auth.Scope scopes} and {@link dev.hallmark.auth.Action actions}, ES256 bearer
 * tokens ({@link dev.hallmark.auth.TokenIssuer}, {@link dev.hallmark.auth.TokenVerifier}), the seam
 * through which each HTTP API states what a request needs ({@link dev.hallmark.auth.AccessRules}),
 * and password hashing.
 *
 * <p>Depends on the JDK, Nimbus JOSE+JWT and BouncyCastle (for one self-signed certificate) only:
 * no HTTP server, no database, nothing else of Hallmark. Nimbus types never appear in signatures.
 */
package dev.hallmark.auth;
