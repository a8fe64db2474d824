/**
 * Client bundles: the server CA ({@link dev.hallmark.accounts.bundle.BundleAuthority}) and the zip a
 * user downloads ({@link dev.hallmark.accounts.bundle.ClientBundles}): a new ECDSA P-256 key, its
 * certificate tied to the user, the CA certificate and a small environment script. The certificate is
 * recorded in the {@link dev.hallmark.accounts.AccountStore}; the private key is never stored.
 *
 * <p>Must not depend on HTTP, the trust server or the registry.
 */
package dev.hallmark.accounts.bundle;
