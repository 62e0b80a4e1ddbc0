import type { Connection, Dialect } from "@athanor/core";
import { SQLITE_BOOKKEEPING_SQL } from "./bookkeeping-sql.js";
import { acquireSqliteLock, releaseSqliteLock, sqliteLockHolder } from "./lock.js";
import { quoteIdent, quoteLiteral } from "./quote.js";
import { renderSqlite } from "./renderer.js";
import { openSqliteConnection } from "./sqlite-driver.js";

/** `sqliteDialect({ file })`: the database file (`:memory:` for a private in-memory one). */
export interface SqliteDialectOptions {
  readonly file: string;
  /** How long a statement waits for another process's write lock (default 5 s). */
  readonly busyTimeoutMs?: number | undefined;
}

/**
 * The SQLite dialect over better-sqlite3. DDL is transactional: each revision runs inside
 * `BEGIN IMMEDIATE … COMMIT` (IMMEDIATE takes the file's write lock up front, so two processes
 * never both start a revision and deadlock on the upgrade from a read lock).
 *
 * @example
 * ```ts
 * import { upgrade } from "@athanor/core";
 * const dialect = sqliteDialect({ file: "/srv/app.db" });
 * await upgrade({ dialect, revisions: "./migrations/versions" }, "heads");
 * ```
 */
export function sqliteDialect(options: SqliteDialectOptions): Dialect {
  return {
    name: "sqlite",
    capabilities: { transactionalDdl: true, concurrentConnections: options.file !== ":memory:" },
    render: renderSqlite,
    connect: (): Promise<Connection> =>
      openSqliteConnection(options.file, {
        ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
      }),
    acquireLock: acquireSqliteLock,
    releaseLock: releaseSqliteLock,
    lockHolder: sqliteLockHolder,
    quoteIdent,
    quoteLiteral,
    beginTransaction: "BEGIN IMMEDIATE",
    commitTransaction: "COMMIT",
    rollbackTransaction: "ROLLBACK",
    bookkeepingSql: SQLITE_BOOKKEEPING_SQL,
  };
}
