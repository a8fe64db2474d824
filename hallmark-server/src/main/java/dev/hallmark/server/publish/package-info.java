/**
 * Publishing: validation of updates in the reference's order and stricter, server-signed snapshot
 * and timestamp. Depends on the store and signer ports; knows nothing of HTTP.
 */
package dev.hallmark.server.publish;
