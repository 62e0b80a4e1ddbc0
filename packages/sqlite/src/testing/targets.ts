import type { Connection, Dialect } from "@athanor/core";
import { d1Dialect } from "../d1-dialect.js";
import { type MiniflareD1, openMiniflareD1 } from "../d1-throwaway.js";
import { reflectSqlite, type SqliteRenderContext } from "../render/render-context.js";
import { sqliteDialect } from "../sqlite-dialect.js";
import type { SqliteDriverName } from "../sqlite-driver.js";
import { FILE_DRIVERS } from "./drivers.js";

/**
 * One engine the SQLite proofs run on: better-sqlite3, libsql, @libsql/client, or Cloudflare D1
 * through miniflare 3 (its local D1 is the D1 engine: BEGIN refused, foreign keys always on).
 * `dialect(path)` reaches the same database for the same path: a file, or (D1) a miniflare
 * persistence folder.
 */
export interface SqliteTestTarget {
  readonly driver: SqliteDriverName;
  dialect(path: string): Dialect;
  /** A fresh in-memory (D1: fresh, unpersisted) migration session and its render context reader. */
  fresh(): Promise<{
    connection: Connection;
    reflect(conn: Connection): Promise<SqliteRenderContext>;
    dispose(): Promise<void>;
  }>;
  /** `PRAGMA integrity_check`; D1 authorises only `quick_check` (the same minus index cross-checks). */
  readonly integrityCheck: string;
  /** Whether every revision is one transaction (D1: each statement commits by itself). */
  readonly transactional: boolean;
  dispose(): Promise<void>;
}

function fileTarget(driver: (typeof FILE_DRIVERS)[number]): SqliteTestTarget {
  return {
    driver,
    dialect: (file) => sqliteDialect({ file, driver }),
    async fresh() {
      const connection = await sqliteDialect({ file: ":memory:", driver }).connect();
      return { connection, reflect: reflectSqlite, dispose: () => connection.close() };
    },
    integrityCheck: "PRAGMA integrity_check",
    transactional: true,
    dispose: async () => undefined,
  };
}

function d1Target(): SqliteTestTarget {
  const opened = new Map<string, Promise<MiniflareD1>>();
  const open = (path: string) => {
    let mf = opened.get(path);
    if (mf === undefined) {
      mf = openMiniflareD1(path);
      opened.set(path, mf);
    }
    return mf;
  };
  return {
    driver: "d1",
    dialect: (path) =>
      d1Dialect({ database: async () => (await open(path)).database, label: `D1 in ${path}` }),
    async fresh() {
      const mf = await openMiniflareD1();
      const dialect = d1Dialect({ database: mf.database });
      const connection = await dialect.connect();
      return {
        connection,
        reflect: (c) => dialect.reflect?.(c) as Promise<SqliteRenderContext>,
        dispose: mf.dispose,
      };
    },
    integrityCheck: "PRAGMA quick_check",
    transactional: false,
    async dispose() {
      for (const mf of opened.values()) await (await mf).dispose();
      opened.clear();
    },
  };
}

/** Every engine, for describe.each: the three file drivers, then D1. */
export function sqliteTestTargets(): SqliteTestTarget[] {
  return [...FILE_DRIVERS.map(fileTarget), d1Target()];
}
