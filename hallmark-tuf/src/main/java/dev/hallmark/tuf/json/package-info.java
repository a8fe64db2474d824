/**
 * JSON as TUF metadata needs it: a strict reader (no duplicate members, integers only, bounded
 * depth and size), notary's canonical encoding and file form ({@link dev.hallmark.tuf.json.CanonicalJson}),
 * and Go's plain {@code json.Marshal} form ({@link dev.hallmark.tuf.json.GoJson}). Knows nothing of TUF.
 */
package dev.hallmark.tuf.json;
