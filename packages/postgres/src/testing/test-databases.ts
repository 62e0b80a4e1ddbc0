import type { Connection } from "@athanor/core";
import { createPglite } from "../pglite-driver.js";

/**
 * Throw-away databases for tests and benchmarks: a fresh database on a PostgreSQL server, or
 * an in-memory PGlite. Not exported from the package entry; drivers are imported lazily so
 * loading this file needs neither. (Minimal Connection adapters: the real drivers live in
 * `*-driver.ts`.)
 */
export interface ScratchDatabase {
  readonly connection: Connection;
  /** Connection URL of a server database; `undefined` for PGlite. */
  readonly url?: string | undefined;
  /** Runs a multi-statement SQL script. */
  exec(sql: string): Promise<void>;
  /** Closes the connection and drops the database. */
  dispose(): Promise<void>;
}

/** The test server; override with ATHANOR_TEST_PG_URL. */
export const TEST_PG_URL = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

let counter = 0;

/**
 * Creates a uniquely named database on the server (so test files run in parallel) and connects
 * to it. Fails, never skips, when the server is unreachable.
 *
 * @example
 * ```ts
 * const db = await freshPostgresDatabase("introspect");
 * await db.exec("create table t (id int)");
 * await db.dispose();
 * ```
 */
export async function freshPostgresDatabase(prefix: string): Promise<ScratchDatabase> {
  const { default: postgres } = await import("postgres");
  const name = `athanor_${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const connection: Connection = {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const rows = await sql.unsafe(text, params as never[]);
      return { rows: rows as unknown as Row[], rowCount: rows.count };
    },
    async executeScript(statements) {
      for (const statement of statements) await sql.unsafe(statement);
    },
    close: () => sql.end(),
  };
  return {
    connection,
    url: url.toString(),
    exec: async (script) => {
      await sql.unsafe(script);
    },
    dispose: async () => {
      await sql.end();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * An in-memory PGlite database (PostgreSQL 18 inside).
 *
 * @example
 * ```ts
 * const db = await freshPgliteDatabase();
 * ```
 */
export async function freshPgliteDatabase(): Promise<ScratchDatabase> {
  const db = await createPglite(undefined); // from the cached initdb snapshot after the first
  const connection: Connection = {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(text, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows };
    },
    async executeScript(statements) {
      for (const statement of statements) await db.exec(statement);
    },
    close: () => db.close(),
  };
  return {
    connection,
    exec: async (script) => {
      await db.exec(script);
    },
    dispose: async () => {
      if (!db.closed) await db.close();
    },
  };
}
