import type { Connection, OpenedDialect } from "@athanor/core";
import { sqliteDialect } from "./sqlite-dialect.js";
import { openSqliteConnection, type SqliteConnection, type SqliteFileDriver } from "./sqlite-driver.js";
import { MEMORY } from "./sqlite-url.js";

/**
 * A private in-memory SQLite database that outlives the runner's sessions: every `connect()`
 * returns a session on the same database (closing it keeps the data), and `close()` ends it.
 * Each `:memory:` open is a new empty database, so one handle is shared. `driver`: better-sqlite3
 * (default), libsql or @libsql/client.
 *
 * @example
 * ```ts
 * const { dialect, close } = sqliteMemoryDialect();
 * await upgrade({ dialect, revisions }, "heads");
 * await close();
 * ```
 */
export function sqliteMemoryDialect(
  driver: SqliteFileDriver = "better-sqlite3",
): OpenedDialect & { connection(): Promise<SqliteConnection> } {
  let shared: Promise<SqliteConnection> | undefined;
  const connection = () => {
    shared ??= openSqliteConnection(MEMORY, { driver });
    return shared;
  };
  const base = sqliteDialect({ file: MEMORY, driver });
  return {
    dialect: {
      ...base,
      capabilities: { ...base.capabilities, concurrentConnections: false },
      async connect(): Promise<Connection> {
        const conn = await connection();
        await conn.query("PRAGMA foreign_keys = OFF"); // as sqliteDialect's sessions: a rebuild fires no cascade
        return { ...conn, close: async () => undefined };
      },
    },
    connection,
    async close() {
      if (shared !== undefined) await (await shared).close();
      shared = undefined;
    },
  };
}
