import type { SqliteConnection, SyncSqliteDatabase } from "../sqlite-connection.js";
import { requirePeer } from "./require-peer.js";
import { openSyncDatabase } from "./sync-database.js";

type LibsqlDatabase = new (path: string, options?: { readonly timeout?: number }) => SyncSqliteDatabase;

/**
 * Opens `file` (created when missing, `:memory:` for none) with the `libsql` package, libSQL's
 * embedded engine behind better-sqlite3's synchronous API; `timeoutMs` is its busy timeout.
 */
export async function openLibsql(file: string, timeoutMs: number): Promise<SqliteConnection> {
  const Database = await requirePeer<LibsqlDatabase>("libsql", {
    install: ["libsql"],
    purpose: 'the config selects the libsql driver (sqlite: { driver: "libsql" })',
  });
  return openSyncDatabase(() => new Database(file, { timeout: timeoutMs }), file, "libsql");
}
