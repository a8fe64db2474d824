/**
 * Test-only helpers shared by the modules' test suites: {@link dev.hallmark.testkit.TestRepo} builds
 * signed trust collections with notary-compatible keys, {@link dev.hallmark.testkit.MutableClock} is a
 * clock tests move, {@link dev.hallmark.testkit.Postgres} is a throwaway PostgreSQL server. Used in test scope only; nothing in production code depends on it.
 */
package dev.hallmark.testkit;
