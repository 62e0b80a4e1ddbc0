import { readFileSync, renameSync, rmSync, type Stats, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ensurePrivateDir, isPrivateFile } from "./private-cache-dir.js";

/**
 * A file changed within this long before a cache run could share its recorded timestamps with a
 * later same-size edit on a filesystem with coarse ones (FAT: 2 s), so such a "racy" file is
 * never stored: it is read and parsed on every run until it is older (git's racy-git rule). A
 * stored stamp is thus older than its run by more than the granularity, and any later write
 * moves mtime and ctime past it. The checksum cache and the revision summaries apply the same rule.
 */
export const RACY_WINDOW_MS = 3_000;

/**
 * What identifies one file's content cheaply: an edit changes size, mtime or ctime; a replaced
 * file changes the inode. Shared by the header cache and the checksum cache so both trust a
 * cached value under exactly the same rule.
 */
export type FileStamp = readonly [size: number, mtimeMs: number, ctimeMs: number, ino: number];

/** A cache entry: the stamp of the file it was computed from, then the value. */
export type StampedEntry<Value> = readonly [...FileStamp, Value];

/**
 * @example
 * ```ts
 * stampOf(statSync(file)); // [812, 1764090000123.4, 1764090000123.4, 4211]
 * ```
 */
export function stampOf(stats: Stats): FileStamp {
  return [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino];
}

/**
 * @example
 * ```ts
 * if (sameStamp(entry, stampOf(statSync(file)))) use(entry[4]);
 * ```
 */
export function sameStamp(entry: StampedEntry<unknown>, stamp: FileStamp): boolean {
  return entry[0] === stamp[0] && entry[1] === stamp[1] && entry[2] === stamp[2] && entry[3] === stamp[3];
}

interface CacheFile<Value> {
  readonly format: number;
  readonly dir: string;
  readonly entries: Record<string, StampedEntry<Value>>;
}

/**
 * The entries of a per-folder cache file, or `{}` when it is missing, unreadable, written for
 * another folder or in another format, or not private to this user (`isPrivateFile`): any doubt
 * is a miss, never a misread.
 *
 * @example
 * ```ts
 * const entries = readStampCache<string>(path, "/repo/migrations/versions", 1);
 * ```
 */
export function readStampCache<Value>(
  path: string,
  dir: string,
  format: number,
): Record<string, StampedEntry<Value>> {
  const parsed = readPrivateJson(path) as Partial<CacheFile<Value>> | undefined;
  if (parsed?.format === format && parsed.dir === dir && typeof parsed.entries === "object") {
    return parsed.entries;
  }
  return {};
}

/**
 * The parsed JSON of a cache file private to this user (`isPrivateFile`), or undefined when it is
 * missing, unreadable, not private or not JSON. The value is hostile: the caller checks its shape.
 */
export function readPrivateJson(path: string): unknown {
  if (!isPrivateFile(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Writes a cache file write-then-rename, so a concurrent reader never sees half a file, into a
 * folder kept at mode 0700 and a file of mode 0600 (`ensurePrivateDir`). A cache is an
 * optimisation: failures, and a folder that is not this user's, mean no write.
 *
 * @example
 * ```ts
 * writeStampCache(path, dir, 1, { "a1_init.ts": [...stampOf(stats), "sha256:…"] });
 * ```
 */
export function writeStampCache<Value>(
  path: string,
  dir: string,
  format: number,
  entries: Record<string, StampedEntry<Value>>,
): void {
  const content: CacheFile<Value> = { format, dir, entries };
  writePrivateJson(path, content);
}

/** Writes `content` as JSON, write-then-rename, into a private folder (see {@link writeStampCache}). */
export function writePrivateJson(path: string, content: unknown): void {
  writePrivateFile(path, JSON.stringify(content));
}

/** Writes `data` write-then-rename, mode 0600, into a private folder (see {@link writeStampCache}). */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
  if (!ensurePrivateDir(dirname(path))) return;
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, path);
  } catch {
    try {
      rmSync(temp, { force: true }); // no half-written temp file left behind
    } catch {}
  }
}
