import { AthanorError } from "../errors.js";
import { inertText } from "../text/inert-text.js";

/** What athanor was doing with the path, for the message. */
export type FileAction = "read" | "write" | "list" | "open";

// Why the file system said no, in words a user can act on.
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "it does not exist (or is a symlink whose target does not exist)",
  EACCES: "permission denied",
  EPERM: "the operation is not permitted",
  ELOOP: "it is a symlink loop (too many levels of symbolic links)",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder, not a file",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is exhausted",
  EMFILE: "too many files are open",
  ENFILE: "too many files are open",
  EIO: "an input/output error occurred",
  ENAMETOOLONG: "the path is too long",
  EBUSY: "the file is busy",
};

/**
 * Turns a Node file-system error on `path` into ATHANOR_FILE_ACCESS naming the path, the action
 * and the reason; anything that is not such an error comes back unchanged (a bug stays one).
 *
 * @example
 * ```ts
 * try { readFileSync(file) } catch (e) { throw fileAccessError(e, file, "read") }
 * // ATHANOR_FILE_ACCESS: Cannot read /p/migrations/versions/a.ts: permission denied. ...
 * ```
 */
export function fileAccessError(error: unknown, path: string, action: FileAction): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !(code in REASONS)) return error;
  return new AthanorError(
    "ATHANOR_FILE_ACCESS",
    `Cannot ${action} ${inertText(path)}: ${REASONS[code]} (${code}). Fix the path or its permissions and run again; nothing was changed.`,
    { file: path, action, errno: code },
    { cause: error },
  );
}
