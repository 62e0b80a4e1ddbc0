import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Connection } from "@athanor/core";
import { describeResumeSuite } from "@athanor/core/testing";
import { afterAll } from "vitest";
import { sqliteTestTargets } from "./testing/targets.js";

// The resume suite PostgreSQL, PGlite and MariaDB run (partial-resume.test.ts there), on a SQLite
// file through better-sqlite3 and libsql, and on D1 (miniflare), whose every statement commits by itself.
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
  describeResumeSuite(`SQLite (${target.driver})`, async () => {
    const dialect = target.dialect(join(folder, `${target.driver}.db`));
    const conn: Connection = await dialect.connect();
    cleanups.push(() => conn.close());
    return {
      dialect,
      seed,
      exec: (statements: readonly string[]) => conn.executeScript(statements),
      query: async (sql: string) => (await conn.query<Record<string, unknown>>(sql)).rows,
    };
  });
}
