import { lstatSync, type Stats, statSync } from "node:fs";
import { resolve, sep } from "node:path";
import { RACY_WINDOW_MS } from "./file-stamp-cache.js";
import { listRevisionCandidateNames, REVISION_EXTENSIONS } from "./revision-files.js";
import { readSummaryFile, type SummaryKey, writeSummaryFile } from "./summary-cache-file.js";

// Apart from load-revision-summary.ts, which imports the header loader: a no-op `upgrade` stamps
// the folder through core's `preflight` entry and must not load that (bundle chunks follow files).

/** Where a folder's summary is kept and what it is (see `LoadRevisionSummaryOptions`). */
export interface FolderSummaryOptions {
  /**
   * Path of the summary file. A stored summary is used only when the folder lists exactly the
   * same revision files (compiled twins included) as when it was computed and every one of them
   * has the same stamp (size, mtime, ctime, inode); stamps within the racy window are never
   * stored. Undefined: always computed.
   */
  readonly cache: string | undefined;
  /** What the summary is (e.g. `"heads"`): part of its key, so two kinds never answer for each other. */
  readonly kind: string;
  /** As for `loadRevisionHeaders`. */
  readonly extensions?: readonly string[] | undefined;
  /** The racy window (default 3 s); 0 or less trusts any stamp (tests only). */
  readonly racyWindowMs?: number | undefined;
}

/** A revision folder as stamped once: the summary stored for exactly these stamps, and a way to store one. */
export interface StampedRevisionFolder {
  /** The stored summary (unvalidated JSON: pass it to your `accept`), or undefined. */
  stored(): unknown;
  /**
   * Stores `summary` under the stamps taken when the folder was stamped, unless a stamp was within
   * the racy window. Compute it from what was read after stamping: a file changed since has
   * another stamp, so the stored summary will not answer for it.
   */
  store(summary: unknown): void;
}

/**
 * The two halves of {@link loadRevisionSummary} for a caller that computes its summary from work
 * it does anyway (the no-op `upgrade` from its prepared run): every revision file is listed and
 * stat'ed now, before anything is read. Undefined without a cache path, or when a file cannot be
 * stat'ed.
 *
 * @example
 * ```ts
 * const folder = stampRevisionFolder("migrations/versions", { cache, kind: "noop-upgrade" });
 * const known = acceptMine(folder?.stored());
 * if (known === undefined) folder?.store(computeMine());
 * ```
 */
export function stampRevisionFolder(
  dir: string,
  options: FolderSummaryOptions,
): StampedRevisionFolder | undefined {
  const cache = options.cache;
  if (cache === undefined) return undefined;
  const stamped = stampFolder(resolve(dir), options.extensions ?? REVISION_EXTENSIONS, options);
  if (stamped === undefined) return undefined;
  return {
    stored: () => readSummaryFile(cache, stamped),
    store: (summary) => {
      if (!stamped.racy) writeSummaryFile(cache, stamped, summary);
    },
  };
}

/** A file removed since the listing is a miss without an exception built for it. */
const STAT_OPTIONS = { throwIfNoEntry: false } as const;

/**
 * The key and stamps of the folder as it is now, taken before any file is read; undefined when a
 * file cannot be stat'ed (then the headers are loaded, which reports it). `racy` when any stamp
 * is within the racy window, so the summary must not be stored under it.
 */
function stampFolder(
  root: string,
  extensions: readonly string[],
  options: Pick<FolderSummaryOptions, "kind" | "racyWindowMs">,
): (SummaryKey & { readonly racy: boolean }) | undefined {
  const racyWindowMs = options.racyWindowMs ?? RACY_WINDOW_MS;
  const racyFrom = racyWindowMs > 0 ? Date.now() - racyWindowMs : Number.POSITIVE_INFINITY;
  // every candidate, twins included: a twin's edit can make the folder invalid
  const names = listRevisionCandidateNames(root, extensions);
  let files = names;
  let stamps = new Float64Array(names.length * 4);
  let newest = Number.NEGATIVE_INFINITY;
  let kept = 0;
  for (let i = 0; i < names.length; i++) {
    const path = root + sep + names[i];
    let stats: Stats | undefined;
    try {
      stats = statSync(path, STAT_OPTIONS);
      if (stats === undefined) return undefined;
      // the loader takes files and symlinks (listRevisionFiles): a real folder or FIFO is no
      // candidate; a symlink to one is, and the loader reports it, so no summary answers
      if (!stats.isFile()) {
        if (lstatSync(path).isSymbolicLink()) return undefined;
        if (files === names) files = names.slice(0, i);
        continue;
      }
    } catch {
      return undefined;
    }
    if (files !== names) files.push(names[i] as string);
    const at = kept++ * 4;
    stamps[at] = stats.size;
    stamps[at + 1] = stats.mtimeMs;
    stamps[at + 2] = stats.ctimeMs;
    stamps[at + 3] = stats.ino;
    newest = Math.max(newest, stats.mtimeMs, stats.ctimeMs);
  }
  if (kept !== names.length) stamps = stamps.slice(0, kept * 4);
  const key = JSON.stringify([options.kind, root, extensions, files]);
  return { key, stamps, racy: newest >= racyFrom };
}
