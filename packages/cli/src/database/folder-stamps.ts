import { lstatSync, readdirSync, statfsSync } from "node:fs";
import { join } from "node:path";

/**
 * One file of a folder as a string that changes whenever the file does: relative path, type,
 * size, mtime and ctime in nanoseconds, inode. ctime cannot be set back from user space, so
 * any write, truncate, chmod or replacement changes it.
 */
export type FileStampLine = string;

/**
 * The stamps of every entry under `dir` (recursively, symlinks not followed), sorted by path, or
 * undefined when the folder cannot be read. Two equal results mean no file was added, removed,
 * replaced or written in between — provided every stamp is older than the filesystem's
 * timestamp granularity when taken (see {@link newestStampNs}).
 *
 * @example
 * ```ts
 * folderStamps("/repo/.athanor/pglite"); // ["base/5/1247 f 8192 1764…000 1764…000 4211", …]
 * ```
 */
export function folderStamps(dir: string): FileStampLine[] | undefined {
  const out: FileStampLine[] = [];
  try {
    walk(dir, "", out);
  } catch {
    return undefined;
  }
  return out.sort();
}

function walk(dir: string, prefix: string, out: FileStampLine[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = `${prefix}${entry.name}`;
    out.push(stampLine(rel, path));
    if (entry.isDirectory()) walk(path, `${rel}/`, out);
  }
}

/**
 * The stamp line of one path (`rel` names it in the line).
 *
 * @example
 * ```ts
 * stampLine("athanor.config.ts", "/repo/athanor.config.ts");
 * ```
 */
export function stampLine(rel: string, path: string): FileStampLine {
  const s = lstatSync(path, { bigint: true });
  const type = s.isFile() ? "f" : s.isDirectory() ? "d" : s.isSymbolicLink() ? "l" : "o";
  return `${rel} ${type} ${s.size} ${s.mtimeNs} ${s.ctimeNs} ${s.ino}`;
}

/**
 * The newest mtime or ctime among `lines`, in nanoseconds since the epoch.
 *
 * @example
 * ```ts
 * newestStampNs(folderStamps(dir) ?? []);
 * ```
 */
export function newestStampNs(lines: readonly FileStampLine[]): bigint {
  let newest = 0n;
  for (const line of lines) {
    const parts = line.split(" ");
    // the path may hold spaces: the last four fields are size, mtime, ctime, inode
    const mtime = BigInt(parts[parts.length - 3] ?? "0");
    const ctime = BigInt(parts[parts.length - 2] ?? "0");
    if (mtime > newest) newest = mtime;
    if (ctime > newest) newest = ctime;
  }
  return newest;
}

// Linux filesystems whose timestamps come from the kernel's clock tick (at most 10 ms apart at
// HZ=100): ext2/3/4, XFS, Btrfs, tmpfs, overlayfs, ZFS, F2FS.
const FINE_TIMESTAMP_FILESYSTEMS = new Set([
  0xef53, 0x58465342, 0x9123683e, 0x01021994, 0x794c7630, 0x2fc12fc1, 0xf2f52010,
]);

/**
 * How far apart two writes must be for the second to get a later timestamp on the filesystem
 * holding `path`: 20 ms on the Linux filesystems above (twice the coarsest kernel tick), else
 * 3 s (FAT keeps 2 s; network filesystems take the server's clock) — the window the revision
 * caches use, git's "racy clean" rule.
 *
 * @example
 * ```ts
 * timestampGranularityMs("/repo/.athanor/pglite"); // 20 on ext4
 * ```
 */
export function timestampGranularityMs(path: string): number {
  if (process.platform !== "linux") return 3_000;
  try {
    return FINE_TIMESTAMP_FILESYSTEMS.has(Number(statfsSync(path).type)) ? 20 : 3_000;
  } catch {
    return 3_000;
  }
}

/**
 * The config file's stamp line, or undefined when it cannot be stat'ed; taken before the config
 * is loaded, so an edit during the run shows as a different stamp.
 *
 * @example
 * ```ts
 * configStampOf("/repo/athanor.config.ts");
 * ```
 */
export function configStampOf(file: string): FileStampLine | undefined {
  try {
    return stampLine("<config>", file);
  } catch {
    return undefined;
  }
}
