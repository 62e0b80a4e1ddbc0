import { hash } from "node:crypto";
import type { RevisionDefinition } from "../revision/revision.js";

/**
 * Checksums carry the kind of input they were computed from, because a revision applied from
 * its file (CLI) and later seen as a bundled module (application) cannot be compared byte for
 * byte: checksums of different kinds are never reported as a mismatch.
 */
export type ChecksumKind = "sha256" | "sha256-module";

/**
 * Checksum of a revision file's text. CRLF/LF and a leading BOM do not count, so a checkout on
 * Windows does not look like an edit (Flyway's lesson).
 *
 * @example
 * ```ts
 * fileChecksum("export default ...\n") // "sha256:4c1f..."
 * ```
 */
export function fileChecksum(text: string): string {
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  // one-shot: no Hash object per file (a cold `--sql` hashes every revision file)
  return `sha256:${hash("sha256", normalised, "hex")}`;
}

/**
 * Checksum of a revision passed as a module: its header as canonical JSON plus the source text
 * of `upgrade` and `downgrade`. An explicit `checksum` on the module (computed at build time
 * from the file) wins over this.
 *
 * @example
 * ```ts
 * moduleChecksum(definition) // "sha256-module:9ab0..."
 * ```
 */
export function moduleChecksum(definition: RevisionDefinition): string {
  const header = {
    id: definition.id,
    parents: definition.parents ?? [],
    dependsOn: definition.dependsOn ?? [],
    branchLabels: definition.branchLabels ?? [],
    phase: definition.phase ?? null,
    transactional: definition.transactional ?? true,
  };
  const canonical = `${JSON.stringify(header)}\n${String(definition.upgrade)}\n${String(definition.downgrade)}`;
  // one-shot, as fileChecksum: no Hash object per revision (same digest of the same UTF-8 bytes)
  return `sha256-module:${hash("sha256", canonical, "hex")}`;
}

/** The kind prefix of a stored checksum, or undefined for one athanor did not write. */
export function checksumKind(checksum: string): ChecksumKind | undefined {
  const prefix = checksum.slice(0, checksum.indexOf(":"));
  return prefix === "sha256" || prefix === "sha256-module" ? prefix : undefined;
}

/** True when two checksums can be compared and differ. */
export function checksumsConflict(recorded: string, current: string): boolean {
  const kind = checksumKind(recorded);
  return kind !== undefined && kind === checksumKind(current) && recorded !== current;
}
