/**
 * TUF metadata as notary 0.7 writes and verifies it: the role types ({@link dev.hallmark.tuf.Root},
 * {@link dev.hallmark.tuf.Targets}, {@link dev.hallmark.tuf.Snapshot}, {@link dev.hallmark.tuf.Timestamp}),
 * names ({@link dev.hallmark.tuf.Gun}, {@link dev.hallmark.tuf.RoleName}, {@link dev.hallmark.tuf.KeyId}),
 * public keys and signatures, the byte-exact codec ({@link dev.hallmark.tuf.TufCodec}) and
 * verification ({@link dev.hallmark.tuf.Verifier}, {@link dev.hallmark.tuf.RootCertificates}).
 *
 * <p>Depends on the JDK, jackson-core (through {@code json}) and BouncyCastle only; never on other
 * Hallmark modules, HTTP or storage.
 */
package dev.hallmark.tuf;
