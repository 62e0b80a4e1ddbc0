import type { Connection, Dialect } from "@athanor/core";
import { sqliteBackfillSql, sqliteCommitBatch } from "./backfill-sql.js";
import { SQLITE_BOOKKEEPING_SQL, SQLITE_LOCAL_BOOKKEEPING_SQL } from "./bookkeeping-sql.js";
import { acquireSqliteLock, releaseSqliteLock, sqliteLockHolder } from "./lock.js";
import { quoteIdent, quoteLiteral } from "./quote.js";
import { needsPriorDefinition } from "./render/needs-prior-definition.js";
import { sqliteOfflineReplay } from "./render/offline-replay.js";
import { sqliteOfflineStatement } from "./render/offline-statement.js";
import { FOREIGN_KEY_CHECK } from "./render/rebuild.js";
import { rebuildBatchKey, renderRebuildBatch } from "./render/rebuild-batch.js";
import { reflectSqlite, type SqliteRenderContext } from "./render/render-context.js";
import { renderSqlite } from "./renderer.js";
import { openSqliteConnection, type SqliteFileDriver } from "./sqlite-driver.js";
import { MEMORY } from "./sqlite-url.js";

/** `sqliteDialect({ file })`: the database file (`:memory:` for a private in-memory one). */
export interface SqliteDialectOptions {
  /** A path; with `@libsql/client` also a `libsql://` / `https://` URL (Turso). */
  readonly file: string;
  /** How long a statement waits for another process's write lock (default 5 s). */
  readonly busyTimeoutMs?: number | undefined;
  /** better-sqlite3 (default), libsql or @libsql/client. */
  readonly driver?: SqliteFileDriver | undefined;
  /** @libsql/client only: the auth token of a remote database. */
  readonly authToken?: string | undefined;
  /**
   * Fail with ATHANOR_DATABASE_NOT_FOUND instead of creating a missing file (the CLI's read-only
   * commands: a mistyped path must not become an empty database). Default false.
   */
  readonly mustExist?: boolean | undefined;
}

/**
 * The SQLite dialect over better-sqlite3, libsql or @libsql/client. DDL is transactional: each
 * revision runs inside `BEGIN IMMEDIATE … COMMIT` (IMMEDIATE takes the file's write lock up front,
 * so two processes never both start a revision and deadlock on the upgrade from a read lock). The
 * session runs with foreign keys off and every revision runs `PRAGMA foreign_key_check` before its
 * COMMIT, aborting on the first violation (Django's SQLite schema editor works the same way).
 *
 * @example
 * ```ts
 * import { upgrade } from "@athanor/core";
 * const dialect = sqliteDialect({ file: "/srv/app.db" });
 * await upgrade({ dialect, revisions: "./migrations/versions" }, "heads");
 * ```
 */
export function sqliteDialect(options: SqliteDialectOptions): Dialect {
  // A remote libSQL server gets each request on its own: `PRAGMA foreign_keys = OFF` does not
  // outlive it, so rebuilds there keep and restore the referencing rows as on D1.
  const remote = /^(?:libsql|https?|wss?):/i.test(options.file);
  const reflect = remote
    ? async (conn: Connection): Promise<SqliteRenderContext> => ({
        ...(await reflectSqlite(conn)),
        foreignKeysEnforced: true,
      })
    : reflectSqlite;
  return {
    name: "sqlite",
    capabilities: { transactionalDdl: true, concurrentConnections: options.file !== ":memory:" },
    render: renderSqlite,
    needsPriorDefinition,
    batchKey: rebuildBatchKey,
    renderBatch: renderRebuildBatch,
    reflect,
    // --sql: the revisions replayed into a private in-memory database of the same driver
    offlineReplay: () =>
      sqliteOfflineReplay(() => openSqliteConnection(MEMORY, { driver: options.driver }), reflect),
    // as connect() sets it: a --sql script's rebuilds must not fire ON DELETE CASCADE either
    offlineSessionSql: ["PRAGMA foreign_keys = OFF"],
    offlineStatement: sqliteOfflineStatement,
    async connect(): Promise<Connection> {
      const conn = await openSqliteConnection(options.file, options);
      // A rebuild drops the old table: with foreign keys on, that DELETEs its rows and fires every
      // ON DELETE CASCADE. The pragma is a no-op inside a transaction, so the migration session
      // runs with them off and each revision checks them before COMMIT (commitTransaction).
      await conn.query("PRAGMA foreign_keys = OFF");
      return conn;
    },
    acquireLock: acquireSqliteLock,
    releaseLock: releaseSqliteLock,
    lockHolder: sqliteLockHolder,
    quoteIdent,
    quoteLiteral,
    beginTransaction: "BEGIN IMMEDIATE",
    commitTransaction: [...FOREIGN_KEY_CHECK, "COMMIT"].join(";\n"),
    rollbackTransaction: "ROLLBACK",
    bookkeepingSql: remote ? SQLITE_BOOKKEEPING_SQL : SQLITE_LOCAL_BOOKKEEPING_SQL,
    // a batch checks only the foreign keys it may have broken, not the whole file's
    backfillSql: { ...sqliteBackfillSql, commitBatch: sqliteCommitBatch },
  };
}
