/**
 * The {@code hallmark} command and the composition root: {@link dev.hallmark.cli.TrustServerWiring}
 * is the one place that creates every concrete server component; {@code ServerCommand} turns flags,
 * a notary-server configuration file and the environment into {@link dev.hallmark.cli.ServerSettings}.
 */
package dev.hallmark.cli;
