/**
 * Where policy rules live: {@link dev.hallmark.policy.store.JdbcPolicyStore}, the rules per scope (global
 * default, organisation, repository prefix) in SQL (H2 or PostgreSQL), cached in memory for the
 * admission hot path.
 *
 * <p>Must not depend on accounts or HTTP: whether a named team exists is the caller's question.
 */
package dev.hallmark.policy.store;
