/**
 * The notary-compatible client commands ({@code init}, {@code add}, {@code list}, {@code delegation …},
 * {@code key …}, …): same flags, outputs, messages and exit codes as the {@code notary} 0.7 CLI.
 * Commands parse their arguments, call {@code hallmark-client} and print; they hold no trust logic.
 */
package dev.hallmark.cli.notary;
