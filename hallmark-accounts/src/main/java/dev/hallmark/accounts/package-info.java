/**
 * Accounts as DTR and UCP model them: users (password hash, admin flag) and organisations share one
 * namespace of account names; organisations have members and teams; repositories live in a user's or
 * an organisation's namespace with a visibility and an immutable-tags flag; teams get an access level
 * on repositories. {@link dev.hallmark.accounts.Grants} decides what a caller may do.
 *
 * <p>JDBC only (H2 and PostgreSQL); no HTTP here. Must not depend on the trust server or the registry.
 */
package dev.hallmark.accounts;
