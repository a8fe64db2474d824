/**
 * {@code hallmark push} and {@code hallmark pull}: images between archives on disk and the registry,
 * with docker content trust ({@code --trust} or {@code DOCKER_CONTENT_TRUST=1}). Commands parse their
 * arguments, call {@code hallmark-client} ({@code RegistryClient}, {@code ImageArchive}, {@code ContentTrust})
 * and print; they hold no trust logic.
 *
 * <p>Exit codes: 0 success, 1 failure (the message is printed to standard error), 2 usage error.
 */
package dev.hallmark.cli.image;
