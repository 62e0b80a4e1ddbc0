import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Connection } from "@athanor/core";
import { describeResumeSuite } from "@athanor/core/testing";
import { afterAll } from "vitest";
import { engineTests } from "./testing/engine-tests.js";
import { sqliteTestTargets } from "./testing/targets.js";

// The resume suite PostgreSQL, PGlite and MariaDB run (partial-resume.test.ts there), on a SQLite
// file through better-sqlite3 and libsql, and on D1 (miniflare), whose every statement commits by itself.
// D1 declares a seeded half of the tests in CI (engineTests: every test is ~10x a file driver's
// CPU there, each statement a round trip to miniflare); ATHANOR_RELIABILITY_FULL=1 runs all.
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-resume-"));
const targets = sqliteTestTargets().filter((t) => t.driver !== "@libsql/client");
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  for (const target of targets) await target.dispose();
  rmSync(folder, { recursive: true, force: true });
});

const seed = (rows: number) => [
  "DROP TABLE IF EXISTS accounts",
  "DROP TABLE IF EXISTS v_resume",
  "DROP TABLE IF EXISTS v_resume_history",
  "DROP TABLE IF EXISTS v_resume_backfill",
  "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)",
  `INSERT INTO accounts WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${rows}) SELECT n, 100 FROM g`,
];

for (const target of targets) {
  const { test, note } = engineTests(target.driver);
  describeResumeSuite(
    `SQLite (${target.driver})${note}`,
    async () => {
      const dialect = target.dialect(join(folder, `${target.driver}.db`));
      const conn: Connection = await dialect.connect();
      cleanups.push(() => conn.close());
      return {
        dialect,
        seed,
        exec: (statements: readonly string[]) => conn.executeScript(statements),
        query: async (sql: string) => (await conn.query<Record<string, unknown>>(sql)).rows,
      };
    },
    { test },
  );
}
