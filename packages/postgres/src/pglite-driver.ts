import { resolve } from "node:path";
import type { Connection, QueryResult } from "@athanor/core";
import { importPeer } from "@athanor/core/dialect";
import { AthanorError } from "@athanor/core/errors";
import type { PGliteClient } from "./client-types.js";
import { causeCodeOf } from "./connect-errors.js";
import { runScript } from "./script-batches.js";

/**
 * An embedded PGlite database: `{ dataDir: "./.athanor/pglite" }` on disk, `{}` or
 * `{ dataDir: "memory://" }` in memory, or an instance you created (`{ client }`), which athanor
 * never closes.
 */
export type PGliteSource = { readonly dataDir?: string | undefined } | { readonly client: PGliteClient };

/** True when a data directory means "in memory" (PGlite's own convention, plus no folder at all). */
export function isInMemory(dataDir: string | undefined): boolean {
  return dataDir === undefined || dataDir === "" || dataDir.startsWith("memory://");
}

/** An open PGlite instance and how to let go of it. */
export interface PGliteLease {
  readonly client: PGliteClient;
  release(): Promise<void>;
}

// One instance per data folder in this process. PostgreSQL inside PGlite assumes it is the only
// writer of its folder; two instances on one folder corrupt it (PGlite takes no file lock), so a
// second dialect object pointed at the same folder shares the first one's instance. Two
// *processes* on one folder cannot be protected this way: see the README.
const openFolders = new Map<string, { readonly client: Promise<PGliteClient>; refs: number }>();

/**
 * Opens (or shares) the PGlite instance of a data folder; the last `release()` closes it so its
 * files are left clean.
 *
 * @example
 * ```ts
 * const lease = await leasePgliteFolder("./.athanor/pglite");
 * await lease.client.query("SELECT 1");
 * await lease.release();
 * ```
 */
export async function leasePgliteFolder(dataDir: string): Promise<PGliteLease> {
  const path = resolve(dataDir);
  let entry = openFolders.get(path);
  if (entry === undefined) {
    entry = { client: createPglite(path), refs: 0 };
    openFolders.set(path, entry);
    entry.client.catch(() => openFolders.delete(path));
  }
  entry.refs++;
  const shared = entry;
  const client = await shared.client.catch((error: unknown) => {
    shared.refs--;
    throw error;
  });
  let released = false;
  return {
    client,
    async release() {
      if (released) return;
      released = true;
      if (--shared.refs > 0) return;
      openFolders.delete(path);
      if (!client.closed) await client.close();
    },
  };
}

/**
 * Starts a PGlite instance (in memory when `dataDir` is undefined or `memory://...`); failures
 * become ATHANOR_CONNECTION_FAILED naming the folder.
 *
 * @example
 * ```ts
 * const db = await createPglite(undefined); // in memory
 * ```
 */
export async function createPglite(dataDir: string | undefined): Promise<PGliteClient> {
  const where = isInMemory(dataDir) ? "in memory" : `in ${dataDir}`;
  const { PGlite } = await importPeer(() => import("@electric-sql/pglite"), "@electric-sql/pglite", {
    install: ["@electric-sql/pglite"],
    purpose:
      "athanor needs it for the embedded database (no URL is configured; set one to use a PostgreSQL server)",
  });
  try {
    // the snapshot start (tar checks, cache files) is loaded only when a PGlite opens: a run on
    // a PostgreSQL server never pays for it
    const { startPglite } = await import("./pglite-start.js");
    return await startPglite(PGlite, dataDir);
  } catch (error) {
    throw new AthanorError(
      "ATHANOR_CONNECTION_FAILED",
      `Could not open the embedded PGlite database ${where}: ${(error as Error)?.message ?? String(error)}. Check that the folder is writable, holds a PGlite database of a compatible version, and that no other process has it open.`,
      { dataDir: dataDir ?? null, causeCode: causeCodeOf(error) ?? null },
      { cause: error },
    );
  }
}

/**
 * Wraps a PGlite instance as a core {@link Connection}. PGlite is one session, so this is it;
 * `onClose` decides whether the instance itself is closed.
 *
 * @example
 * ```ts
 * const conn = pgliteConnection(db, async () => db.close());
 * ```
 */
export function pgliteConnection(client: PGliteClient, onClose: () => Promise<void>): Connection {
  let closing: Promise<void> | undefined;
  return {
    inProcess: true,
    async query<Row = Record<string, unknown>>(
      text: string,
      params?: readonly unknown[],
    ): Promise<QueryResult<Row>> {
      const result = await client.query<Row>(text, params === undefined ? undefined : [...params]);
      return { rows: result.rows, rowCount: result.affectedRows };
    },
    async executeScript(statements: readonly string[]): Promise<void> {
      await runScript(statements, (text) => client.exec(text));
    },
    close(): Promise<void> {
      closing ??= onClose();
      return closing;
    },
  };
}
