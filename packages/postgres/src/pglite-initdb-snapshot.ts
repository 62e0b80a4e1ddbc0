import { createHash } from "node:crypto";
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ensurePrivateDir, isPrivateFile, userCacheHome } from "@athanor/core/dialect";
import { isCompleteTar } from "./complete-tar.js";

// A fresh PGlite cluster is made by running initdb in a second WebAssembly instance: ~3–6 s of
// CPU and ~900 MB of peak memory on every start of an empty database (in memory, or a new data
// folder). Loading the data folder initdb made from a tarball (`loadDataDir`) skips all of it, so
// the tarball is made once per PGlite build and kept: in memory for this process and in the
// user's private cache folder across processes (`~/.cache/athanor/pglite-initdb-<key>.tar`,
// mode 0600 in a 0700 folder, 40 MB uncompressed: gunzip would cost more than the read).

/** The tarball as PGlite reads it (`loadDataDir`): what `Blob.arrayBuffer()` gives, without the copy. */
export interface InitdbSnapshot {
  readonly type: "application/x-tar";
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

let inProcess: Promise<InitdbSnapshot | undefined> | undefined;

/** The cached tarball of a fresh cluster for this PGlite build, or undefined when none is kept yet. */
export function cachedInitdbSnapshot(): Promise<InitdbSnapshot | undefined> {
  inProcess ??= Promise.resolve().then(readSnapshotFile);
  return inProcess;
}

/**
 * Keeps `tar` (a fresh cluster's data folder, from `dumpDataDir("none")`) for the next starts of
 * this process and, unless `ATHANOR_NO_CACHE=1`, of later processes. A failure to write the file
 * only costs the next process an initdb, so it is not an error.
 */
export function keepInitdbSnapshot(tar: Uint8Array): void {
  const snapshot = snapshotOf(tar);
  inProcess = Promise.resolve(snapshot);
  const path = snapshotPath();
  if (path === undefined || !ensurePrivateDir(dirname(path))) return;
  const partial = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(partial, tar, { mode: 0o600 });
    renameSync(partial, path); // whole or absent: a reader never sees half a tarball
  } catch {
    try {
      unlinkSync(partial);
    } catch {}
  }
}

/**
 * Drops a tarball PGlite could not start from (a damaged or foreign file): this process and the
 * next ones run initdb and keep a new one.
 */
export function forgetInitdbSnapshot(): void {
  inProcess = Promise.resolve(undefined);
  const path = snapshotPath();
  if (path === undefined) return;
  try {
    if (isPrivateFile(path)) unlinkSync(path);
  } catch {}
}

/** Forgets the snapshot this process holds, not the file: what a new process sees (for tests). */
export function clearInitdbSnapshotMemo(): void {
  inProcess = undefined;
}

function readSnapshotFile(): InitdbSnapshot | undefined {
  const path = snapshotPath();
  // another account's or a widened file is never loaded: its database would be theirs
  if (path === undefined || !isPrivateFile(path)) return undefined;
  try {
    const tar = readFileSync(path);
    if (isCompleteTar(tar)) return snapshotOf(tar);
  } catch {
    return undefined;
  }
  forgetInitdbSnapshot();
  return undefined;
}

function snapshotOf(tar: Uint8Array): InitdbSnapshot {
  return {
    type: "application/x-tar",
    size: tar.byteLength,
    // Node 20's Blob reads a 40 MB body in small chunks (~0.5 s of CPU); this hands PGlite the
    // bytes, which it only reads (untar copies each file into its own file system)
    async arrayBuffer() {
      const whole = tar.byteOffset === 0 && tar.byteLength === tar.buffer.byteLength;
      return (whole ? tar.buffer : tar.slice().buffer) as ArrayBuffer;
    },
  };
}

/**
 * `<cache>/athanor/pglite-initdb-<key>.tar`, keyed by the installed PGlite's version and the
 * sizes of its engine files (a rebuilt package of the same version is another key), or
 * undefined when caching is off or PGlite's files cannot be found.
 */
export function snapshotPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  // the CLI's caches' folder: a relative XDG_CACHE_HOME or HOME is never the project's tree
  const base = userCacheHome(env);
  if (base === undefined) return undefined;
  const key = pgliteBuildKey();
  if (key === undefined) return undefined;
  return join(base, "athanor", `pglite-initdb-${key}.tar`);
}

let buildKey: string | undefined | null = null;
function pgliteBuildKey(): string | undefined {
  if (buildKey !== null) return buildKey;
  buildKey = undefined;
  try {
    const dist = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    const { version } = JSON.parse(readFileSync(join(dist, "..", "package.json"), "utf8")) as {
      version?: unknown;
    };
    const sizes = ["pglite.wasm", "initdb.wasm", "pglite.data"].map((f) => statSync(join(dist, f)).size);
    if (typeof version === "string")
      buildKey = createHash("sha256")
        .update(JSON.stringify([version, sizes]))
        .digest("hex")
        .slice(0, 20);
  } catch {}
  return buildKey;
}
