/** Where library log messages go: notary's log lines for client commands, the server's log for the server. */
package dev.hallmark.cli.log;
