import { resolve } from "node:path";
import { loadRevisionHeaders } from "./load-revision-headers.js";
import type { RevisionSource } from "./revision.js";
import { REVISION_EXTENSIONS } from "./revision-files.js";
import { type FolderSummaryOptions, stampRevisionFolder } from "./stamp-revision-folder.js";

export type { FolderSummaryOptions, StampedRevisionFolder } from "./stamp-revision-folder.js";
export { stampRevisionFolder } from "./stamp-revision-folder.js";

export interface LoadRevisionSummaryOptions<Value> extends FolderSummaryOptions {
  /** The header cache used when the summary must be computed (see `loadRevisionHeaders`). */
  readonly headerCache?: string | undefined;
  /** Computes the summary, a JSON value, from every revision (in file order); runs on a miss. */
  summarise(revisions: readonly RevisionSource[]): unknown | Promise<unknown>;
  /** The value a summary stands for, or undefined when it is malformed (a stored one is hostile). */
  accept(summary: unknown): Value | undefined;
}

/**
 * A value derived from every revision of `dir` — the heads and their labels, say — taken from
 * its summary file when nothing in the folder changed, so a listing command on 10,000 revisions
 * stats the files instead of loading 10,000 headers and building the graph. Every file is still
 * stat'ed on every run: a folder's own stamp does not change when a file in it is edited in place.
 * On a miss the headers are loaded (invalid files throw as `loadRevisionHeaders` does), the
 * summary is computed, and it is stored under the stamps taken before anything was read.
 *
 * @example
 * ```ts
 * const heads = await loadRevisionSummary("migrations/versions", {
 *   cache: "/home/me/.cache/athanor/heads-1a2b.bin",
 *   kind: "heads",
 *   summarise: (revisions) => RevisionGraph.build(revisions).heads(),
 *   accept: (summary) => (Array.isArray(summary) ? (summary as string[]) : undefined),
 * });
 * ```
 */
export async function loadRevisionSummary<Value>(
  dir: string,
  options: LoadRevisionSummaryOptions<Value>,
): Promise<Value> {
  const root = resolve(dir);
  const extensions = options.extensions ?? REVISION_EXTENSIONS;
  const folder = stampRevisionFolder(root, options);
  const stored = folder?.stored();
  const value = stored === undefined ? undefined : options.accept(stored);
  if (value !== undefined) return value;
  const revisions = await loadRevisionHeaders(root, {
    extensions,
    cache: options.headerCache,
    cacheRacyWindowMs: options.racyWindowMs,
  });
  const summary = await options.summarise(revisions);
  const computed = options.accept(summary);
  if (computed === undefined) throw new Error(`The ${options.kind} summary does not accept its own output.`);
  folder?.store(summary);
  return computed;
}
