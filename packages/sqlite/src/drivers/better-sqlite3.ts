import type BetterSqlite3 from "better-sqlite3";
import type { SqliteConnection } from "../sqlite-connection.js";
import { requirePeer } from "./require-peer.js";
import { openSyncDatabase } from "./sync-database.js";

/**
 * Opens `file` with better-sqlite3 (created when missing unless `mustExist`, which the caller
 * checked already: `fileMustExist` keeps a file removed since from being created); `timeoutMs`
 * is its busy timeout.
 */
export async function openBetterSqlite3(
  file: string,
  timeoutMs: number,
  mustExist = false,
): Promise<SqliteConnection> {
  const Database = await requirePeer<typeof BetterSqlite3>("better-sqlite3", {
    install: ["better-sqlite3"],
    purpose: "athanor needs it to open SQLite databases",
  });
  return openSyncDatabase(
    () => new Database(file, { timeout: timeoutMs, fileMustExist: mustExist }),
    file,
    "better-sqlite3",
  );
}
