import type { QueryResult } from "@athanor/core";
import { AthanorError, isAthanorError } from "@athanor/core";
import type { SqliteConnection, SyncSqliteDatabase } from "../sqlite-connection.js";
import { committedCheckSetup } from "./committed-check-setup.js";
import { explainViolation } from "./fk-violation.js";

/**
 * A {@link SqliteConnection} over a synchronous handle you opened (better-sqlite3 or libsql);
 * `close` closes it.
 *
 * @example
 * ```ts
 * const conn = wrapDatabase(new Database(":memory:"), ":memory:");
 * ```
 */
export function wrapDatabase(
  db: SyncSqliteDatabase,
  file: string,
  driver: SqliteConnection["driver"] = "better-sqlite3",
): SqliteConnection {
  const run = <Row>(sql: string, params: readonly unknown[] = []): QueryResult<Row> => {
    const statement = db.prepare(sql);
    const bound = params.map(toSqliteValue);
    if (statement.reader) return { rows: statement.all(...bound) as Row[] };
    return { rows: [], rowCount: Number(statement.run(...bound).changes) };
  };
  const query: SqliteConnection["query"] = async (sql, params) => run(sql, params);
  const checkSetup = committedCheckSetup();
  const exec = (sql: string) => db.exec(sql);
  const failed = async (error: unknown, sql: string, index: number): Promise<never> => {
    throw Object.assign((await explainViolation(error, query, sql)) as object, { statementIndex: index });
  };
  const executeScriptNow = (statements: readonly string[]): Promise<never> | undefined => {
    for (let index = 0; index < statements.length; index++) {
      const sql = statements[index] as string;
      try {
        // exec, not prepare: a rendered statement may be a trigger body with several `;`.
        checkSetup.run(sql, exec);
      } catch (error) {
        return failed(error, sql, index);
      }
    }
    return undefined;
  };
  const executeScript = async (statements: readonly string[]): Promise<void> => {
    await executeScriptNow(statements);
  };
  return {
    file,
    driver,
    database: db,
    synchronous: true,
    query,
    executeScript,
    executeScriptNow: Object.assign(executeScriptNow, { executeScript }),
    async close() {
      if (db.open) db.close();
    },
  };
}

/**
 * Opens a synchronous handle and proves it is a database: foreign keys on (SQLite's default is
 * off), the header read (a text file opens without complaint). Failures are
 * ATHANOR_CONNECTION_FAILED naming the file.
 */
export function openSyncDatabase(
  open: () => SyncSqliteDatabase,
  file: string,
  driver: SqliteConnection["driver"],
): SqliteConnection {
  let db: SyncSqliteDatabase | undefined;
  try {
    db = open();
    db.exec("PRAGMA foreign_keys = ON");
    db.prepare("SELECT count(*) AS n FROM sqlite_schema").all();
  } catch (error) {
    if (db?.open === true) db.close();
    throw connectionFailed(error, file, driver);
  }
  return wrapDatabase(db, file, driver);
}

/** Values SQLite stores for what the drivers refuse to bind (booleans, dates, undefined). */
export function toSqliteValue(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

/** A driver's failure to open `file` as ATHANOR_CONNECTION_FAILED (coded errors pass through). */
export function connectionFailed(error: unknown, file: string, driver: string): AthanorError {
  if (isAthanorError(error)) return error;
  const e = (error ?? {}) as { code?: string; message?: string };
  return new AthanorError(
    "ATHANOR_CONNECTION_FAILED",
    `Could not open the SQLite database ${JSON.stringify(file)} with ${driver}: ${e.message ?? String(error)}. Check that its folder exists and is writable, and that the file is a SQLite database.`,
    { dialect: "sqlite", file, driver, driverCode: e.code === undefined || e.code === "" ? null : e.code },
    { cause: error },
  );
}
