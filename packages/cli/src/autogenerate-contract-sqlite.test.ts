import { rmSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase } from "@athanor/testing";
import { SQLITE_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import { defineContractSuite, sqliteCorpus } from "./testing/contract-suite.js";
import { tempDir } from "./testing/harness.js";

// Every SQLite corpus case on better-sqlite3: the CLI project's database is a file of its own
// (deleted between cases), the checks walk a private in-memory database. SQLite has no staged
// recipes, so each case runs once (staged and --no-stage write the same file). A case is a few
// CLI runs on a local file: the whole corpus is cheap enough for CI.
defineContractSuite(
  "SQLite (better-sqlite3)",
  sqliteCorpus,
  async () => {
    const folder = tempDir("athanor-contract-sqlite-");
    const file = join(folder, "project.db");
    const checks = await createTestDatabase({ url: "sqlite::memory:" });
    return {
      dialect: "sqlite",
      env: () => ({ DATABASE_URL: `file:${file}` }),
      resetProject: async () => {
        for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
      },
      checks,
      dispose: async () => {
        await checks.dispose();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
  SQLITE_KNOWN_GAPS,
);
