import type { ChecksumMismatch } from "@athanor/core";
import { revisionWord } from "./shell-word.js";
import { shortChecksum } from "./short-checksum.js";

/**
 * The text of `athanor checksums`, one formatter for a database and for each target of
 * `checksums --fleet` (which puts `<target>: ` before each line): what changed, what was
 * accepted, and the command that accepts.
 *
 * @example
 * ```ts
 * checksumLines([]); // ["Every applied revision matches its file."]
 * checksumLines([{ revision: "r2", recorded: "sha256:1c…", current: "sha256:84…" }]);
 * // ["changed r2: applied sha256:1c6997173a5c, file now sha256:84bca69526bf"]
 * ```
 */
export function checksumLines(mismatches: readonly ChecksumMismatch[]): string[] {
  if (mismatches.length === 0) return ["Every applied revision matches its file."];
  return mismatches.map(
    (m) =>
      `changed ${m.revision}: applied ${shortChecksum(m.recorded)}, file now ${shortChecksum(m.current)}`,
  );
}

/** One line per accepted revision: `accepted r2: sha256:… -> sha256:…`. */
export function acceptedLines(accepted: readonly ChecksumMismatch[]): string[] {
  return accepted.map(
    (m) => `accepted ${m.revision}: ${shortChecksum(m.recorded)} -> ${shortChecksum(m.current)}`,
  );
}

/**
 * What to do about changed revisions, after a blank line: the accept command for `revisions`,
 * with `flags` (e.g. ` --fleet eu`) before `--reason`. Nothing when no revision changed.
 */
export function acceptAdvice(revisions: readonly string[], flags = ""): string[] {
  if (revisions.length === 0) return [];
  return [
    "",
    "Revert the edits and put changes in a new revision, or accept them if they change nothing the database saw:",
    `  athanor checksums accept ${revisions.map(revisionWord).join(" ")}${flags} --reason "..."`,
  ];
}
