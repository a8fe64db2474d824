/**
 * The server's side of the signing policy, wired from its parts: the evaluator over the server's own
 * store ({@link dev.hallmark.cli.policy.StoreRemote}, read through the client's TUF update workflow and
 * cached), the registry's pull-time gate, the {@code /policy/} routes (admission webhook, optional bearer
 * token, policy context for clients) and the decision log and counters.
 */
package dev.hallmark.cli.policy;
