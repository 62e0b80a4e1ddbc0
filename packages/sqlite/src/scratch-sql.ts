import { rmSync } from "node:fs";
import { join } from "node:path";
import type {
  Connection,
  ScratchArea,
  ScratchDatabaseSql,
  ThrowawayDatabase,
  ThrowawayDatabases,
} from "@athanor/core";
import { makeDirectory, urlScheme } from "@athanor/core/dialect";
import { d1Throwaway } from "./d1-throwaway.js";
import { drizzleKitSpelling } from "./drizzle-kit-spelling.js";
import { dropEveryObject, USER_OBJECTS } from "./drop-every-object.js";
import { sqliteMemoryDialect } from "./memory-dialect.js";
import { unsupported } from "./render/unsupported.js";
import { sqliteDialect } from "./sqlite-dialect.js";
import { MEMORY, sqliteFileOf } from "./sqlite-url.js";

const NO_SERVER = () => {
  throw unsupported(
    "scratch database",
    "database server to create databases on",
    "Leave devUrl out: the dev database of a SQLite target is an in-memory SQLite database",
  );
};

/**
 * Where the canonicaliser builds models on SQLite: transactions on the (empty, in-memory) dev
 * database, rolled back after reading. Each CREATE scans `sqlite_schema` (its parse step looks
 * the new object up by name, unindexed), so one transaction of 1,000 tables is quadratic: tables
 * go 100 at a time, which SQLite allows since a foreign key's parent need not exist yet.
 *
 * @example
 * ```ts
 * sqliteScratchArea.tablesPerPass; // 100
 * ```
 */
export const sqliteScratchArea: ScratchArea = {
  label: "in-memory SQLite database",
  begin: ["BEGIN"],
  rollback: ["ROLLBACK"],
  tablesPerPass: 100,
  storedTableTexts: readStoredTableTexts,
  storedSpelling: drizzleKitSpelling,
};

/**
 * Each table's CREATE TABLE text and its explicit indexes' CREATE INDEX texts (sorted), as
 * `sqlite_schema` keeps them; automatic indexes (no text) follow from the table's text.
 *
 * @example
 * ```ts
 * (await readStoredTableTexts(conn)).get("users"); // ['CREATE TABLE "users" (…)', 'CREATE INDEX …']
 * ```
 */
const INLINE_KEY = /PRIMARY KEY/i;

export async function readStoredTableTexts(
  conn: Connection,
): Promise<ReadonlyMap<string, readonly string[]>> {
  const rows = (
    await conn.query<{ type: string; tbl_name: string; sql: string | null }>(
      "SELECT type, tbl_name, sql FROM sqlite_schema WHERE type IN ('table', 'index') AND sql IS NOT NULL",
    )
  ).rows;
  const tables = new Map<string, string>();
  const indexes = new Map<string, string[]>();
  for (const r of rows) {
    if (r.type === "table") tables.set(r.tbl_name, r.sql as string);
    else indexes.set(r.tbl_name, [...(indexes.get(r.tbl_name) ?? []), r.sql as string]);
  }
  const texts = new Map<string, readonly string[]>();
  for (const [name, sql] of tables) {
    // athanor names a primary key in a CONSTRAINT clause: a key written inline (by hand) can never
    // equal its rendering, so such a table is not offered (no rendering spent); drizzle-kit's
    // texts are compared with its own spelling (drizzle-kit-spelling.ts)
    if (INLINE_KEY.test(sql) && !sql.includes("CONSTRAINT") && !drizzleKitSpelling.claims([sql])) continue;
    texts.set(name, [sql, ...(indexes.get(name) ?? []).sort()]);
  }
  return texts;
}

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
  serverless: true,
  createDatabase: NO_SERVER,
  dropDatabase: NO_SERVER,
  databaseUrl: NO_SERVER,
  async countObjects(conn: Connection) {
    return (await conn.query(USER_OBJECTS)).rows.length;
  },
  empty: emptySqlite,
  inMemory: { label: "SQLite", open: sqliteMemoryDialect },
  area: sqliteScratchArea,
};

/**
 * Drops every user object. Foreign keys are switched off first so no cascade or check runs
 * while tables go (PRAGMA foreign_keys is a no-op inside a transaction, so this runs outside one).
 */
export async function emptySqlite(conn: Connection): Promise<void> {
  const drops = await dropEveryObject(conn);
  await conn.executeScript(["PRAGMA foreign_keys = OFF", ...drops, "PRAGMA foreign_keys = ON"]);
}

/** A private in-memory database for one test file. */
async function inMemoryThrowaway(): Promise<ThrowawayDatabase> {
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
}

/**
 * `@athanor/testing`'s SQLite databases: `sqlite::memory:` (or `inMemory()`) gives a private
 * in-memory database per test file; a `file:` URL names a folder, in which each test file gets a
 * database file of its own, deleted by `dispose`; `d1::memory:` a Cloudflare D1 database of its
 * own on miniflare 3 (d1-throwaway.ts).
 */
export const sqliteThrowawayDatabases: ThrowawayDatabases = {
  async onServer(url, name) {
    // D1 is a miniflare of its own, loaded only when asked for (miniflare is an optional peer,
    // imported inside d1Throwaway; the module itself index.ts exports anyway)
    if (urlScheme(url) === "d1") return d1Throwaway(url);
    const folder = sqliteFileOf(url, process.cwd());
    if (folder === MEMORY) return inMemoryThrowaway();
    makeDirectory(folder);
    const file = join(folder, `${name}.sqlite`);
    const dialect = sqliteDialect({ file });
    await (await dialect.connect()).close(); // creates the file; a bad folder fails here
    let disposed = false;
    return {
      flavour: "sqlite",
      name,
      url: `file:${file}`,
      dialect,
      async reset() {
        const conn = await dialect.connect();
        try {
          await emptySqlite(conn);
        } finally {
          await conn.close();
        }
      },
      async dispose() {
        if (disposed) return;
        disposed = true;
        for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
      },
    };
  },
  inMemory: inMemoryThrowaway,
};
