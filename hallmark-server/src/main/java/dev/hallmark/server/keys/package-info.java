/** Public keys of the server-held timestamp and snapshot roles, and their rotation. */
package dev.hallmark.server.keys;
