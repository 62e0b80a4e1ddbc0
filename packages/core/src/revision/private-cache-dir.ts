import { chmodSync, lstatSync } from "node:fs";
import { makeDirectory } from "../fs/make-directory.js";

/**
 * Makes `dir` a private cache folder: created with mode 0700, or — when it exists, is a real
 * folder and belongs to this user — narrowed to 0700. Returns false (use no cache) for a folder
 * owned by someone else or a symlink, so another account can never plant entries that this
 * user's runs would trust. On systems without uids (Windows) the OS's own ACLs apply.
 *
 * @example
 * ```ts
 * if (ensurePrivateDir("/home/me/.cache/athanor")) writeFileSync(..., { mode: 0o600 });
 * ```
 */
export function ensurePrivateDir(dir: string): boolean {
  try {
    makeDirectory(dir, 0o700);
    const stats = lstatSync(dir);
    if (!stats.isDirectory()) return false;
    const uid = process.getuid?.();
    if (uid === undefined) return true;
    if (stats.uid !== uid) return false;
    if ((stats.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when a cache file may be trusted: a regular file owned by this user that no one else can
 * write (checked on the file itself, so a planted or widened entry is a miss, not a read).
 *
 * @example
 * ```ts
 * const entries = isPrivateFile(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
 * ```
 */
export function isPrivateFile(path: string): boolean {
  try {
    const stats = lstatSync(path);
    const uid = process.getuid?.();
    return stats.isFile() && (uid === undefined || (stats.uid === uid && (stats.mode & 0o022) === 0));
  } catch {
    return false;
  }
}
