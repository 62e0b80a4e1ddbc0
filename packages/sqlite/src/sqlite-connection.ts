import type { Connection } from "@athanor/core";

/**
 * The drivers athanor opens SQLite with: better-sqlite3 (default), libsql (its embedded twin, the
 * same synchronous API), `@libsql/client` (file: URLs here, libsql:// for Turso), and Cloudflare D1
 * (a D1 binding, e.g. miniflare's local D1).
 */
export type SqliteDriverName = "better-sqlite3" | "libsql" | "@libsql/client" | "d1";

/** A session on one SQLite database, plus the file (or URL) it opened (`:memory:` for none). */
export interface SqliteConnection extends Connection {
  readonly file: string;
  readonly driver: SqliteDriverName;
  /** The synchronous handle (better-sqlite3, libsql), for tests and helpers that need the raw driver. */
  readonly database?: SyncSqliteDatabase | undefined;
}

/**
 * The synchronous driver API better-sqlite3 and libsql (its embedded twin) share: what athanor
 * calls on a handle, no more, so either package's `Database` fits.
 */
export interface SyncSqliteDatabase {
  prepare(sql: string): {
    readonly reader: boolean;
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): { readonly changes: number | bigint };
  };
  exec(sql: string): unknown;
  close(): unknown;
  readonly open: boolean;
}
