import { rmSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase } from "@athanor/testing";
import { ciSample } from "./testing/ci-sample.js";
import { SQLITE_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import {
  type ContractBackend,
  type ContractCorpus,
  defineContractSuite,
  sqliteCorpus,
} from "./testing/contract-suite.js";
import { tempDir } from "./testing/harness.js";

// Every SQLite corpus case: the CLI project's database is a file of its own (deleted between
// cases), the checks walk a private in-memory database (better-sqlite3). SQLite has no staged
// recipes, so each case runs once (staged and --no-stage write the same file). A case is a few
// CLI runs on a local file (~1 s): the whole corpus runs on better-sqlite3 in CI, a seeded 1-in-4
// slice with the CLI on the embedded libsql driver (same renderer and introspector; the driver's
// sessions and transactions are what differs). D1 is not here: the CLI cannot open a D1
// database offline (docs/sqlite.md, "D1 notes") and @athanor/testing has no throw-away D1.
async function fileBackend(config?: string): Promise<ContractBackend> {
  const folder = tempDir("athanor-contract-sqlite-");
  const file = join(folder, "project.db");
  const checks = await createTestDatabase({ url: "sqlite::memory:" });
  return {
    dialect: "sqlite",
    env: () => ({ DATABASE_URL: `file:${file}` }),
    resetProject: async () => {
      for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    },
    config,
    checks,
    dispose: async () => {
      await checks.dispose();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

defineContractSuite("SQLite (better-sqlite3)", sqliteCorpus, () => fileBackend(), SQLITE_KNOWN_GAPS);

const libsql = sqliteCorpus().then((corpus) => ({ corpus, ...ciSample(corpus.cases, 4) }));
defineContractSuite(
  `SQLite (libsql) ${(await libsql).note}`,
  async (): Promise<ContractCorpus> => {
    const { corpus, cases } = await libsql;
    return { ...corpus, cases };
  },
  () => fileBackend('sqlite: { driver: "libsql" }'),
  SQLITE_KNOWN_GAPS,
);
