import type { Connection, Dialect } from "@athanor/core";
import { describeResumeSuite } from "@athanor/core/testing";
import { afterAll } from "vitest";
import { pgliteDialect } from "./pglite-dialect.js";
import { postgresDialect } from "./postgres-dialect.js";
import { createTestDatabase } from "./testing/test-server.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const seed = (rows: number) => [
  "DROP SCHEMA public CASCADE",
  "CREATE SCHEMA public",
  "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)",
  `INSERT INTO accounts SELECT g, 100 FROM generate_series(1, ${rows}) g`,
];

/** A second session beside the runner's (PGlite: the same in-process database). */
function database(dialect: Dialect, conn: Connection) {
  return {
    dialect,
    seed,
    exec: (statements: readonly string[]) => conn.executeScript(statements),
    query: async (sql: string) => (await conn.query<Record<string, unknown>>(sql)).rows,
  };
}

describeResumeSuite("PostgreSQL 15", async () => {
  const db = await createTestDatabase("resume");
  const dialect = postgresDialect({ url: db.url });
  const conn = await dialect.connect();
  cleanups.push(async () => {
    await conn.close();
    await db.drop();
  });
  return database(dialect, conn);
});

describeResumeSuite("PGlite", async () => {
  const dialect = pgliteDialect({ dataDir: "memory://" });
  const conn = await dialect.connect();
  cleanups.push(() => conn.close());
  return database(dialect, conn);
});
