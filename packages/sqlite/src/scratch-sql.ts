import type { Connection, ScratchDatabaseSql, ThrowawayDatabases } from "@athanor/core";
import { sqliteMemoryDialect } from "./memory-dialect.js";
import { quoteIdent } from "./quote.js";
import { unsupported } from "./render/unsupported.js";

// User objects: everything in sqlite_schema but SQLite's own (sqlite_sequence, autoindexes).
const USER_OBJECTS = "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

const NO_SERVER = () => {
  throw unsupported(
    "scratch database",
    "database server to create databases on",
    "Leave devUrl out: the dev database of a SQLite target is an in-memory SQLite database",
  );
};

/**
 * Scratch and dev databases on SQLite: always in memory (a file database has no server to
 * `CREATE DATABASE` on); emptied by dropping every view, trigger and table with foreign keys off.
 *
 * @example
 * ```ts
 * const { dialect, close } = sqliteScratchSql.inMemory!.open();
 * ```
 */
export const sqliteScratchSql: ScratchDatabaseSql = {
  createPrivilege: {
    name: "write access to the folder",
    missing: "the folder is not writable",
    deniedCodes: ["SQLITE_CANTOPEN"],
  },
  createDatabase: NO_SERVER,
  dropDatabase: NO_SERVER,
  databaseUrl: NO_SERVER,
  async countObjects(conn: Connection) {
    return (await conn.query(USER_OBJECTS)).rows.length;
  },
  empty: emptySqlite,
  inMemory: { label: "SQLite in memory", open: sqliteMemoryDialect },
};

/**
 * Drops every user object. Foreign keys are switched off first so no cascade or check runs
 * while tables go (PRAGMA foreign_keys is a no-op inside a transaction, so this runs outside one).
 */
export async function emptySqlite(conn: Connection): Promise<void> {
  const objects = (await conn.query<{ type: string; name: string }>(USER_OBJECTS)).rows;
  const order = ["trigger", "view", "index", "table"];
  const drops = order.flatMap((type) =>
    objects
      .filter((o) => o.type === type)
      .map((o) => `DROP ${type.toUpperCase()} IF EXISTS ${quoteIdent(o.name)}`),
  );
  await conn.executeScript(["PRAGMA foreign_keys = OFF", ...drops, "PRAGMA foreign_keys = ON"]);
}

/** `@athanor/testing`'s SQLite databases: one private in-memory database per test file. */
export const sqliteThrowawayDatabases: ThrowawayDatabases = {
  onServer: NO_SERVER,
  async inMemory() {
    const opened = sqliteMemoryDialect();
    await opened.connection(); // open now, so a broken better-sqlite3 install fails in beforeAll
    let disposed = false;
    return {
      flavour: "sqlite",
      name: "memory",
      url: undefined,
      dialect: opened.dialect,
      reset: async () => emptySqlite(await opened.connection()),
      async dispose() {
        if (disposed) return;
        disposed = true;
        await opened.close();
      },
    };
  },
};
