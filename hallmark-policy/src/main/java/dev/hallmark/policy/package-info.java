/**
 * Team signing policy (UCP semantics) and the evaluator every enforcement point shares.
 *
 * <p>An image is allowed when the policy of its repository does not require content trust, or when
 * verified trust data signs its digest by delegation keys that belong to known users, with at least one
 * current member of each required team among them ({@code targets/releases} excluded for teams).
 */
package dev.hallmark.policy;
