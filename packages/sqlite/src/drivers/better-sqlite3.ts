import { importPeer } from "@athanor/core/dialect";
import type BetterSqlite3 from "better-sqlite3";
import type { SqliteConnection } from "../sqlite-connection.js";
import { openSyncDatabase } from "./sync-database.js";

/** Opens `file` (created when missing) with better-sqlite3; `timeoutMs` is its busy timeout. */
export async function openBetterSqlite3(file: string, timeoutMs: number): Promise<SqliteConnection> {
  const module = (await importPeer(() => import("better-sqlite3"), "better-sqlite3", {
    install: ["better-sqlite3"],
    purpose: "athanor needs it to open SQLite databases",
  })) as { default: typeof BetterSqlite3 };
  const Database = module.default;
  return openSyncDatabase(() => new Database(file, { timeout: timeoutMs }), file, "better-sqlite3");
}
