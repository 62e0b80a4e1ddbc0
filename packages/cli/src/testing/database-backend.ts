import type { Connection } from "@athanor/core";
import { EmbeddedHolds } from "./embedded-hold.js";
import { takeIdleSession } from "./idle-session.js";
import { feedClient } from "./sql-client.js";

/** The test server; fails (never skips) when it is down. */
export const TEST_PG_URL = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * Where a CLI test project keeps its database: PGlite in the project's `.athanor/pglite`
 * (no URL), or a throw-away database on the PostgreSQL 15 test server (`DATABASE_URL`).
 */
export interface DatabaseBackend {
  readonly name: "pglite" | "postgresql";
  /** Environment for `runCli`: `DATABASE_URL` for the server, nothing for PGlite. */
  env(): Record<string, string>;
  /** Runs one query against the project's database, outside the CLI. */
  query<Row = Record<string, unknown>>(project: string, sql: string): Promise<Row[]>;
  /** Runs a script of several statements (an offline `--sql` script) on the project's database. */
  executeScript(project: string, script: string): Promise<void>;
  /** Drops the server database, or closes the embedded databases held open. */
  dispose(): Promise<void>;
}

/**
 * An embedded backend: each project folder is its own database, held open from the first call
 * that created it until `dispose` (embedded-hold.ts), so the CLI calls share one PGlite start.
 */
export function pgliteBackend(): DatabaseBackend {
  const holds = new EmbeddedHolds();
  return {
    name: "pglite",
    env: () => holds.tag({}),
    async query<Row = Record<string, unknown>>(project: string, sql: string): Promise<Row[]> {
      return [...(await (await holds.connection(project)).query<Row>(sql)).rows];
    },
    async executeScript(project, script) {
      const conn = await holds.connection(project);
      // a failed script leaves its transaction open, and the held session serves the next query
      await conn.executeScript([script]).catch(async (error: unknown) => {
        await conn.executeScript(["ROLLBACK"]).catch(() => undefined);
        throw error;
      });
    },
    dispose: () => holds.closeAll(),
  };
}

/**
 * A fresh database `athanor_cli_<prefix>_<pid>_<random>` on the test server.
 *
 * @example
 * ```ts
 * const backend = await postgresBackend("workflow");
 * await runCli(project, ["upgrade"], { env: backend.env() });
 * ```
 */
export async function postgresBackend(prefix: string): Promise<DatabaseBackend & { readonly url: string }> {
  const { default: postgres } = await import("postgres");
  const name = `athanor_cli_${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const { postgresDialect } = await import("@athanor/postgres");
  // The test's own readings share one session, reset before each as a new one would be
  // (idle-session.ts): a story suite reads the database after most of its CLI calls.
  const idle: Connection[] = [];
  return {
    name: "postgresql",
    url: url.toString(),
    env: () => ({ DATABASE_URL: url.toString() }),
    async query<Row>(_project: string, sql: string): Promise<Row[]> {
      const conn =
        (await takeIdleSession(idle)) ?? (await postgresDialect({ url: url.toString() }).connect());
      try {
        return [...(await conn.query<Row>(sql)).rows];
      } finally {
        idle.push(conn);
      }
    },
    async executeScript(_project, script) {
      // as a DBA runs it: psql, stopping at the first error
      const client = feedClient("postgresql", url.toString(), script);
      if (client.status !== 0) throw new Error(`psql exited ${client.status}: ${client.stderr}`);
    },
    async dispose() {
      await Promise.all(idle.splice(0).map((conn) => conn.close().catch(() => undefined)));
      const again = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
      try {
        await again.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}
