import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Dialect } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { RUNNER_DEFAULTS } from "@athanor/core/runner";
import { inertText } from "@athanor/core/text";
import type { DatabaseTarget } from "./database-target.js";
import { loadMysqlPackage, loadPostgresDialects } from "./dialect-packages.js";
import { acquirePgliteProcessLock, type PgliteProcessLock } from "./pglite-process-lock.js";

/** A dialect plus how to let go of what it opened (the in-process PGlite instance). */
export interface OpenedDialect {
  readonly dialect: Dialect;
  close(): Promise<void>;
}

/** What {@link openDialect} may tell its caller, and how long it may wait. */
export interface OpenDialectHooks {
  /** Another process has the embedded database open; this one waits (PGlite is one process at a time). */
  readonly onPgliteWait?: ((holderPid: number) => void) | undefined;
  readonly lockTimeoutMs?: number | undefined;
}

/**
 * Builds the dialect for a target, importing its package only now: graph commands never load a
 * dialect package, and each dialect package is an optional peer (see dialect-packages.ts). Creating a
 * dialect connects to nothing, so `--sql` works without a database.
 *
 * @example
 * ```ts
 * const { dialect, close } = await openDialect({ kind: "pglite", dataDir: "/repo/.athanor/pglite" });
 * ```
 */
export async function openDialect(
  target: DatabaseTarget,
  hooks: OpenDialectHooks = {},
): Promise<OpenedDialect> {
  switch (target.kind) {
    case "postgresql": {
      const { postgresDialect } = await loadPostgresDialects("postgresql");
      return { dialect: postgresDialect({ url: target.url }), close: async () => undefined };
    }
    case "pglite": {
      const { pgliteDialect } = await loadPostgresDialects("pglite");
      const dialect = pgliteDialect({ dataDir: target.dataDir });
      let lock: Promise<PgliteProcessLock> | undefined;
      const connect = async () => {
        ensurePgliteFolder(target.dataDir);
        lock ??= acquirePgliteProcessLock(`${target.dataDir}.lock`, {
          timeoutMs: hooks.lockTimeoutMs ?? RUNNER_DEFAULTS.lockTimeoutMs,
          onWait: hooks.onPgliteWait,
        });
        await lock;
        return dialect.connect();
      };
      const close = async () => {
        try {
          await dialect.close();
        } finally {
          (await lock?.catch(() => undefined))?.release();
        }
      };
      return { dialect: { ...dialect, connect }, close };
    }
    case "mysql": {
      const { mysqlDialect } = await loadMysqlPackage();
      const dialect = mysqlDialect({ url: target.url, ...target.online });
      const connect = async () => {
        assertMysqlDatabase(target.url);
        return dialect.connect();
      };
      return { dialect: { ...dialect, connect }, close: async () => undefined };
    }
  }
}

/**
 * A MySQL URL must name the database: without one the session has no current database and the
 * first CREATE TABLE fails with "No database selected" (after the lock was taken).
 */
function assertMysqlDatabase(url: string): void {
  let database: string;
  try {
    database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  } catch {
    return; // a malformed URL is reported by the driver with its own reason
  }
  if (database !== "") return;
  const shown = url.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
  throw new AthanorError(
    "ATHANOR_CONNECTION_FAILED",
    `The MySQL URL ${inertText(shown)} names no database, and athanor keeps its tables and your schema in one. Add it as the path, e.g. mysql://user@host:3306/mydb. Nothing was run.`,
    { dialect: "mysql", url: shown, hint: "mysql://user@host:3306/<database>" },
  );
}

/**
 * Creates the PGlite data folder's parent with a `.gitignore` that ignores the whole folder, so
 * the embedded database never ends up in a commit (whatever created the config).
 *
 * @example
 * ```ts
 * ensurePgliteFolder("/repo/.athanor/pglite"); // writes /repo/.athanor/.gitignore once
 * ```
 */
export function ensurePgliteFolder(dataDir: string): void {
  const parent = dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  const ignore = join(parent, ".gitignore");
  if (existsSync(ignore)) return;
  try {
    writeFileSync(ignore, "# athanor's local embedded database; never commit it\n*\n", { flag: "wx" });
  } catch (error) {
    // another process wrote it first
    if ((error as { code?: unknown })?.code !== "EEXIST") throw error;
  }
}
