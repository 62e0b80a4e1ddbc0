import { openBetterSqlite3 } from "./drivers/better-sqlite3.js";
import { assertDatabaseFileExists } from "./drivers/existing-file.js";
import { openLibsql } from "./drivers/libsql.js";
import { openLibsqlClient } from "./drivers/libsql-client.js";
import type { SqliteConnection, SqliteDriverName } from "./sqlite-connection.js";

export { wrapDatabase } from "./drivers/sync-database.js";
export type { SqliteConnection, SqliteDriverName } from "./sqlite-connection.js";

/** How long a statement waits for another process's write lock on the file before SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** The drivers that open a file (or a libSQL URL); D1 is reached through its binding instead (d1-dialect.ts). */
export type SqliteFileDriver = Exclude<SqliteDriverName, "d1">;

/** `openSqliteConnection`'s options. */
export interface OpenSqliteOptions {
  readonly busyTimeoutMs?: number | undefined;
  /** Default better-sqlite3. */
  readonly driver?: SqliteFileDriver | undefined;
  /** `@libsql/client` only: the token of a remote (Turso) database. */
  readonly authToken?: string | undefined;
  /** Fail with ATHANOR_DATABASE_NOT_FOUND rather than create a missing file (read-only commands). */
  readonly mustExist?: boolean | undefined;
}

const OPENERS: Readonly<
  Record<
    SqliteFileDriver,
    (file: string, o: OpenSqliteOptions & { timeoutMs: number }) => Promise<SqliteConnection>
  >
> = {
  "better-sqlite3": (file, o) => openBetterSqlite3(file, o.timeoutMs, o.mustExist === true),
  libsql: (file, o) => openLibsql(file, o.timeoutMs),
  "@libsql/client": (file, o) => openLibsqlClient(file, o),
};

/**
 * Opens `file` (created when missing, unless `mustExist`: then ATHANOR_DATABASE_NOT_FOUND) with
 * the chosen driver. Foreign keys are enforced
 * (`PRAGMA foreign_keys = ON`, SQLite's default is off) so a session sees the same rules as the
 * application; the busy timeout makes a writer wait for another process instead of failing at once.
 * Fails with ATHANOR_CONNECTION_FAILED (missing folder, not a database, permission denied, an
 * unreachable libSQL server) or ATHANOR_PACKAGE_MISSING (the driver is not installed).
 *
 * @example
 * ```ts
 * const conn = await openSqliteConnection("/repo/app.db");
 * const viaLibsql = await openSqliteConnection("/repo/app.db", { driver: "libsql" });
 * ```
 */
export function openSqliteConnection(
  file: string,
  options: OpenSqliteOptions = {},
): Promise<SqliteConnection> {
  const driver = options.driver ?? "better-sqlite3";
  if (options.mustExist === true) assertDatabaseFileExists(file, driver);
  const open = OPENERS[driver];
  return open(file, { ...options, timeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
}
