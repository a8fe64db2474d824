/** Schema migrations shared by the stores (trust metadata, signer keys, registry, accounts, policy). */
package dev.hallmark.db;
