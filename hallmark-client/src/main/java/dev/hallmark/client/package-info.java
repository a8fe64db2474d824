/**
 * The read side of a notary-compatible trust client: fetching TUF metadata from a trust server,
 * verifying it (the TUF update workflow of notary 0.7, with its gaps closed), caching it in notary's
 * trust-directory layout, and answering {@code list}/{@code lookup}.
 *
 * <p>API: {@link dev.hallmark.client.TrustClient}, {@link dev.hallmark.client.TrustedRepository},
 * {@link dev.hallmark.client.Target}, {@link dev.hallmark.client.RemoteStore},
 * {@link dev.hallmark.client.HttpRemoteStore}, {@link dev.hallmark.client.TrustPinning},
 * {@link dev.hallmark.client.TrustException} with {@link dev.hallmark.client.TrustFailure}. Everything
 * else is package-private.
 *
 * <p>Write side: {@link dev.hallmark.client.Changelist} and {@link dev.hallmark.client.Change} (notary's
 * on-disk changelist), and {@code TrustClient.initialize/publish/rotateKey/delete}.
 *
 * <p>Depends on {@code dev.hallmark.tuf}, {@code dev.hallmark.keys} (signing keys) and the JDK; must not
 * depend on the CLI or any server module.
 */
package dev.hallmark.client;
