package dev.hallmark.server.store;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.RoleName;

/** A metadata file to store in an update. */
public record NewFile(RoleName role, int version, Bytes data) {}
