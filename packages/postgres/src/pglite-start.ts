import { readdirSync, rmSync } from "node:fs";
import type { PGliteClient } from "./client-types.js";
import {
  cachedInitdbSnapshot,
  forgetInitdbSnapshot,
  type InitdbSnapshot,
  keepInitdbSnapshot,
} from "./pglite-initdb-snapshot.js";

/** What athanor needs of PGlite's class to start one (its types stay out of ours). */
export interface PGliteClass {
  readonly defaultStartParams: readonly string[];
  new (
    dataDir: string,
    options: { startParams?: string[]; loadDataDir?: Blob },
  ): PGliteClient & { dumpDataDir(compression: "none"): Promise<Blob> };
}

// PostgreSQL zeroes its shared memory at start: PGlite's default 128 MB buffer pool cost ~0.35 s
// of CPU and ~120 MB of memory on every start. A migration session reads and writes the
// catalogue and its own tables; 16 MB holds them (measured: 1,000 revisions apply no slower).
const START_SETTINGS = ["-c", "shared_buffers=16MB"];

/**
 * Starts PGlite in memory (`dataDir` undefined) or on a folder. An empty database (memory, or a
 * missing or empty folder) starts from the cached initdb snapshot when there is one, and leaves
 * one behind when there was none; a snapshot PGlite refuses is forgotten and initdb runs.
 *
 * @example
 * ```ts
 * const { PGlite } = await import("@electric-sql/pglite");
 * const db = await startPglite(PGlite, undefined);
 * ```
 */
export async function startPglite(PGlite: PGliteClass, dataDir: string | undefined): Promise<PGliteClient> {
  const startParams = [...PGlite.defaultStartParams, ...START_SETTINGS];
  const open = async (loadDataDir?: InitdbSnapshot) => {
    // "memory://" is PGlite's own name for memory; `new PGlite(undefined, options)` would drop the options
    const db = new PGlite(dataDir ?? "memory://", {
      startParams,
      // PGlite reads `type` and `arrayBuffer()` of it, nothing else (see InitdbSnapshot)
      ...(loadDataDir === undefined ? {} : { loadDataDir: loadDataDir as unknown as Blob }),
    });
    await db.waitReady;
    return db;
  };
  const empty = dataDir === undefined || isEmptyFolder(dataDir);
  if (!empty) return open();
  const snapshot = await cachedInitdbSnapshot();
  if (snapshot !== undefined) {
    try {
      return await open(snapshot);
    } catch {
      forgetInitdbSnapshot();
      // the folder was empty before this start: what the refused snapshot left in it goes
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const db = await open();
  await keepSnapshotOf(db);
  return db;
}

function isEmptyFolder(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}

// Right after initdb the cluster is what every empty start needs; a CHECKPOINT first makes the
// tarball start without replaying WAL. A failure here costs the next start an initdb, nothing more.
async function keepSnapshotOf(db: PGliteClient & { dumpDataDir(compression: "none"): Promise<Blob> }) {
  try {
    await db.exec("CHECKPOINT");
    const tar = await db.dumpDataDir("none");
    keepInitdbSnapshot(new Uint8Array(await tar.arrayBuffer()));
  } catch {}
}
