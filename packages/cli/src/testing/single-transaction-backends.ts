import { join } from "node:path";
import type { Connection } from "@athanor/core";
import { type DatabaseBackend, pgliteBackend, postgresBackend } from "./database-backend.js";
import type { SingleTransactionBackend } from "./single-transaction-suite.js";

const PG_TABLES =
  "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1";

/** A fresh database on the PostgreSQL test server, emptied before each project. */
export async function postgresSingleTransactionBackend(): Promise<SingleTransactionBackend> {
  const pg = await postgresBackend("single_tx");
  return postgresFamily("postgresql", pg, async (project) => {
    await pg.query(project, "DROP SCHEMA public CASCADE");
    await pg.query(project, "CREATE SCHEMA public");
  });
}

/** Each project's own PGlite folder. */
export function pgliteSingleTransactionBackend(): SingleTransactionBackend {
  return postgresFamily("pglite", pgliteBackend(), async () => undefined);
}

function postgresFamily(
  name: "postgresql" | "pglite",
  backend: DatabaseBackend,
  reset: (project: string) => Promise<void>,
): SingleTransactionBackend {
  return {
    name,
    dialect: "postgresql",
    env: () => backend.env(),
    query: (project, sql) => backend.query(project, sql),
    executeScript: (project, script) => backend.executeScript(project, script),
    tables: async (project) => (await backend.query<{ t: string }>(project, PG_TABLES)).map((r) => r.t),
    reset,
    dispose: () => backend.dispose(),
  };
}

/** Each project's own SQLite file, `app.db`. */
export function sqliteSingleTransactionBackend(): SingleTransactionBackend {
  const query = async <Row>(project: string, sql: string): Promise<Row[]> => {
    const { sqliteDialect } = await import("@athanor/sqlite");
    const conn: Connection = await sqliteDialect({ file: join(project, "app.db") }).connect();
    try {
      return [...(await conn.query<Row>(sql)).rows];
    } finally {
      await conn.close();
    }
  };
  return {
    name: "sqlite",
    dialect: "sqlite",
    env: () => ({ DATABASE_URL: "file:./app.db" }),
    query,
    async executeScript(project, script) {
      const { sqliteDialect } = await import("@athanor/sqlite");
      // a session of its own, closed after: a failed script's open transaction is rolled back
      const conn: Connection = await sqliteDialect({ file: join(project, "app.db") }).connect();
      try {
        await conn.executeScript([script]);
      } finally {
        await conn.close();
      }
    },
    tables: async (project) =>
      (
        await query<{ t: string }>(
          project,
          // the lock's own table, made by taking the lock before the run begins (as by any
          // command that takes it), is not the run's
          "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'athanor_lock' ORDER BY 1",
        )
      ).map((r) => r.t),
    reset: async () => undefined,
    dispose: async () => undefined,
  };
}
