import { SQLITE_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import { defineContractSuite, sampledCorpus, sqliteCorpus } from "./testing/contract-suite.js";
import { sqliteContractBackend } from "./testing/sqlite-contract-backend.js";

// Every SQLite corpus case: the CLI project's database is a file of its own (deleted between
// cases), the checks walk a private in-memory database (better-sqlite3). SQLite has no staged
// recipes, so each case runs once (staged and --no-stage write the same file). A case is a few
// CLI runs on a local file (~1 s): the whole corpus runs on better-sqlite3 in CI, a seeded 1-in-4
// slice with the CLI on the embedded libsql driver (same renderer and introspector; the driver's
// sessions and transactions are what differs). D1: autogenerate-contract-d1.test.ts.

defineContractSuite(
  "SQLite (better-sqlite3)",
  sqliteCorpus,
  () => sqliteContractBackend(),
  SQLITE_KNOWN_GAPS,
);

const libsql = await sampledCorpus(sqliteCorpus, 4);
defineContractSuite(
  `SQLite (libsql) ${libsql.note}`,
  libsql.corpus,
  () => sqliteContractBackend({ config: 'sqlite: { driver: "libsql" }' }),
  SQLITE_KNOWN_GAPS,
);
