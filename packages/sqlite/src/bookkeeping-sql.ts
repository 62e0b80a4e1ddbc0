import type { BookkeepingSqlHooks } from "@athanor/core";
import { quoteLiteral } from "./quote.js";

/** SQLite has one schema per attached file: athanor's tables live in `main`, whatever is configured. */
const inList = (names: readonly string[]) => names.map(quoteLiteral).join(", ");

/**
 * The runner's own tables on SQLite: ISO-8601 text timestamps (SQLite has no timestamp type and
 * compares ISO text in time order), a rowid-alias id, and the catalogue read from `sqlite_schema`
 * and `pragma_table_info` instead of `information_schema`.
 *
 * Each revision commits its version-table UPDATE and its history row with its own pages, so the
 * tables are shaped to write as few pages as possible (each is written twice: the rollback journal
 * and the file). The history id is a plain rowid alias, not AUTOINCREMENT: a new rowid is the
 * largest one + 1, so ids still ascend in insertion order (athanor never deletes history rows),
 * without a `sqlite_sequence` page per revision. The version table is WITHOUT ROWID: its key is the
 * table, with no separate index to update. Tables created before this keep their shape and work as before.
 *
 * @example
 * ```ts
 * SQLITE_BOOKKEEPING_SQL.timestampLiteral(new Date(0)); // "'1970-01-01T00:00:00.000Z'"
 * ```
 */
export const SQLITE_BOOKKEEPING_SQL: BookkeepingSqlHooks = {
  timestampType: "text",
  identityColumn: "integer PRIMARY KEY",
  versionTableOptions: "WITHOUT ROWID",
  currentSchema: "'main'",
  timestampLiteral: (date) => `'${date.toISOString()}'`,
  currentUser: "NULL",
  catalog: {
    tableExists: (_schema, table) =>
      `SELECT 1 AS present FROM sqlite_schema WHERE type = 'table' AND name = ${quoteLiteral(table)}`,
    columns: (_schema, tables) =>
      "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_schema AS m, pragma_table_info(m.name) AS p " +
      `WHERE m.type = 'table' AND m.name IN (${inList(tables)})`,
  },
};

/**
 * The same, for a database file opened in this process (better-sqlite3, libsql): SQLite reads
 * the client's own clock, so a revision's statements, its version row, its history row and its
 * COMMIT go in one script, and the history row's duration adds the time since the client sent
 * it — `julianday('now')` in the INSERT, which runs after the revision's statements — to the
 * client's part. Not for a remote server (its clock is not the client's) nor D1.
 *
 * @example
 * ```ts
 * SQLITE_LOCAL_BOOKKEEPING_SQL.batchClock.elapsedMs("'2026-01-01T00:00:00.000Z'");
 * ```
 */
export const SQLITE_LOCAL_BOOKKEEPING_SQL = {
  ...SQLITE_BOOKKEEPING_SQL,
  batchClock: {
    start: [],
    elapsedMs: (sentAt: string) => `MAX(0, (julianday('now') - julianday(${sentAt})) * 86400000)`,
    // the literal's own format (timestampLiteral), so the column sorts and parses as before
    finishedAt: (startedAt: string, durationMs: string) =>
      `strftime('%Y-%m-%dT%H:%M:%fZ', julianday(${startedAt}) + ${durationMs} / 86400000.0)`,
  },
} satisfies BookkeepingSqlHooks;
