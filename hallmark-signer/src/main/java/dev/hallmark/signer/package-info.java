/**
 * The trust server's port to the private keys it holds for the {@code timestamp} and {@code snapshot}
 * roles of each GUN, and the local implementation that keeps them encrypted in a SQL database.
 *
 * <p>{@link dev.hallmark.signer.Signer} mirrors notary-signer's key management and signing RPCs
 * (reference proto/signer.proto): create a key for a GUN and role, look a key up by ID, sign the
 * canonical bytes of a {@code signed} object. {@link dev.hallmark.signer.LocalSigner} stores keys as
 * notary-signer's SQL store does (reference signer/keydbstore/sql_keydbstore.go): an unused key is
 * handed out again instead of a new one, and each row remembers the passphrase alias it was
 * encrypted under.
 *
 * <p>Depends on {@code dev.hallmark.tuf}, the JDK and JDBC only; it must not depend on the server,
 * on HTTP, or on a particular database driver or connection pool. Private keys and passphrases never
 * leave this package, and nothing here logs key material or passphrases.
 */
package dev.hallmark.signer;
