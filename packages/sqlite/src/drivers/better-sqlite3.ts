import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type { SqliteConnection } from "../sqlite-connection.js";
import { requirePeer } from "./require-peer.js";
import { openSyncDatabase } from "./sync-database.js";

const require = createRequire(import.meta.url);

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
  const nativeBinding = betterSqlite3Binding();
  return openSyncDatabase(
    () =>
      new Database(file, {
        timeout: timeoutMs,
        fileMustExist: mustExist,
        ...(nativeBinding === undefined ? {} : { nativeBinding }),
      }),
    file,
    "better-sqlite3",
  );
}

// The places the `bindings` package tries first, in its order, under better-sqlite3's folder.
const BINDING_FOLDERS = ["build", "build/Debug", "build/Release"];
let binding: string | null | undefined;

/**
 * better-sqlite3's compiled addon, where its own loader (the `bindings` package) would find it
 * first, handed to the constructor as `nativeBinding`: `bindings` finds it by building a stack
 * trace and trying each candidate path, ~12 M instructions (~1 ms) at every process's first open
 * (docs/performance.md, twenty-third session). Undefined when it is elsewhere (an unusual
 * build): better-sqlite3 then looks for it as before. Looked up once a process.
 */
export function betterSqlite3Binding(): string | undefined {
  if (binding === undefined) {
    binding = null;
    try {
      const root = dirname(require.resolve("better-sqlite3/package.json"));
      binding =
        BINDING_FOLDERS.map((folder) => join(root, folder, "better_sqlite3.node")).find((path) =>
          existsSync(path),
        ) ?? null;
    } catch {
      // a package that does not expose its package.json: better-sqlite3's own lookup
    }
  }
  return binding ?? undefined;
}
