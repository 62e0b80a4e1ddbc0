import type { Connection, QueryResult } from "@athanor/core";
import { AthanorError, isAthanorError } from "@athanor/core";
import { importPeer } from "@athanor/core/dialect";
import type BetterSqlite3 from "better-sqlite3";

/** How long a statement waits for another process's write lock on the file before SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** A session on one SQLite database, plus the file it opened (`:memory:` for none). */
export interface SqliteConnection extends Connection {
  readonly file: string;
  /** The better-sqlite3 handle, for tests and helpers that need the raw driver. */
  readonly database: BetterSqlite3.Database;
}

/**
 * Opens `file` (created when missing) with better-sqlite3. Foreign keys are enforced
 * (`PRAGMA foreign_keys = ON`, SQLite's default is off) so a migration sees the same rules as
 * the application; `busy_timeout` makes a writer wait for another process instead of failing at once.
 * Fails with ATHANOR_CONNECTION_FAILED (missing folder, not a database, permission denied).
 *
 * @example
 * ```ts
 * const conn = await openSqliteConnection("/repo/app.db");
 * await conn.query("SELECT 1 AS one");
 * ```
 */
export async function openSqliteConnection(
  file: string,
  options: { readonly busyTimeoutMs?: number } = {},
): Promise<SqliteConnection> {
  const Database = await importBetterSqlite3();
  let db: BetterSqlite3.Database;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    db.pragma("foreign_keys = ON");
    // Reading the header proves the file is a database (a text file opens without complaint).
    db.prepare("SELECT count(*) AS n FROM sqlite_schema").get();
  } catch (error) {
    throw connectionFailed(error, file);
  }
  return wrapDatabase(db, file);
}

/**
 * A {@link SqliteConnection} over a better-sqlite3 handle you opened; `close` closes it.
 *
 * @example
 * ```ts
 * const conn = wrapDatabase(new Database(":memory:"), ":memory:");
 * ```
 */
export function wrapDatabase(db: BetterSqlite3.Database, file: string): SqliteConnection {
  const run = <Row>(sql: string, params: readonly unknown[] = []): QueryResult<Row> => {
    const statement = db.prepare(sql);
    const bound = params.map(toSqliteValue);
    if (statement.reader) return { rows: statement.all(...bound) as Row[] };
    return { rows: [], rowCount: statement.run(...bound).changes };
  };
  return {
    file,
    database: db,
    query: async (sql, params) => run(sql, params),
    async executeScript(statements) {
      for (const [index, sql] of statements.entries()) {
        try {
          // exec, not prepare: a rendered statement may be a trigger body with several `;`.
          db.exec(sql);
        } catch (error) {
          throw Object.assign(error as object, { statementIndex: index });
        }
      }
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

// better-sqlite3 binds numbers, bigints, strings, buffers and null; booleans and dates are
// turned into what SQLite stores for them instead of failing inside the driver.
function toSqliteValue(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

function connectionFailed(error: unknown, file: string): AthanorError {
  if (isAthanorError(error)) return error;
  const e = (error ?? {}) as { code?: string; message?: string };
  return new AthanorError(
    "ATHANOR_CONNECTION_FAILED",
    `Could not open the SQLite database ${JSON.stringify(file)}: ${e.message ?? String(error)}. Check that its folder exists and is writable, and that the file is a SQLite database.`,
    { dialect: "sqlite", file, driverCode: e.code ?? null },
    { cause: error },
  );
}

/** better-sqlite3 is an optional peer: a missing install is a setup problem, not a bad URL. */
async function importBetterSqlite3(): Promise<typeof BetterSqlite3> {
  const module = (await importPeer(() => import("better-sqlite3"), "better-sqlite3", {
    install: ["better-sqlite3"],
    purpose: "athanor needs it to open SQLite databases",
  })) as { default: typeof BetterSqlite3 };
  return module.default;
}
