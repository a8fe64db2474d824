/**
 * Private keys as notary 0.7 and Docker content trust keep them: generation, signing, root
 * certificates, encrypted PKCS#8 key files, the trust-directory key store and passphrase sources.
 *
 * <p>Depends only on {@code dev.hallmark.tuf}, the JDK and BouncyCastle's ASN.1/X.509 classes. It
 * must not depend on the client, the signer service or any server code; secrets never reach a
 * {@code toString}, a log line or an exception message.
 */
package dev.hallmark.keys;
