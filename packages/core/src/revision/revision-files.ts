import { readdirSync } from "node:fs";
import { AthanorError } from "../errors.js";
import { fileAccessError } from "../fs/file-access-error.js";
import { nextStep } from "../text/next-step.js";

/** Source extensions, in the default order of preference (TypeScript first). */
export const REVISION_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"] as const;

/** Extensions that are never revisions even though they end like one. */
const IGNORED_SUFFIXES = [".d.ts", ".d.mts", ".test.ts", ".test.js", ".test.mts", ".test.mjs"];

/** One revision file of a folder and the other files of its base name (its compiled twins). */
export interface RevisionFileGroup {
  readonly name: string;
  readonly others: readonly string[];
}

/**
 * The revision files of `root` (an absolute folder), grouped by base name and sorted by name;
 * a missing folder throws `ATHANOR_VERSIONS_DIR_NOT_FOUND`.
 *
 * @example
 * ```ts
 * listRevisionFiles("/repo/migrations/versions", REVISION_EXTENSIONS); // [{ name: "a1_init.ts", others: [] }]
 * ```
 */
export function listRevisionFiles(root: string, extensions: readonly string[]): RevisionFileGroup[] {
  return groupRevisionFiles(revisionCandidates(listDir(root), extensions), extensions);
}

/**
 * Every name in `root` that is a revision or a twin of one (`x.js` beside `x.ts`), sorted by
 * name: what decides the folder's revisions, without choosing among twins. From the names alone
 * (no entry types): the caller stats every entry anyway and learns its type there, so 10,000
 * `Dirent`s are not made. The names may include entries that are no revision file — a directory,
 * a FIFO — which the caller must drop as `listRevisionFiles` does (see `stampRevisionFolder`).
 *
 * @example
 * ```ts
 * listRevisionCandidateNames("/repo/migrations/versions", [".ts", ".js"]); // ["a1_init.js", "a1_init.ts"]
 * ```
 */
export function listRevisionCandidateNames(root: string, extensions: readonly string[]): string[] {
  return revisionCandidates(listDir(root, false), extensions);
}

/**
 * Chooses the revision files among directory entries: one per stem, preferring the earliest
 * extension in `extensions`; sorted by name so loading is deterministic.
 *
 * @example
 * ```ts
 * pickRevisionFiles(["a.ts", "a.js", "b.js"], [".ts", ".js"]); // ["a.ts", "b.js"]
 * ```
 */
export function pickRevisionFiles(entries: readonly string[], extensions: readonly string[]): string[] {
  return groupRevisionFiles(revisionCandidates(entries, extensions), extensions).map((group) => group.name);
}

/** The entries that end in one of `extensions` and are neither dotfiles nor ignored, sorted. */
function revisionCandidates(entries: readonly string[], extensions: readonly string[]): string[] {
  const candidates: string[] = [];
  for (const name of entries) {
    if (name.charCodeAt(0) === DOT || isIgnored(name) || extensionRank(name, extensions) === -1) continue;
    candidates.push(name);
  }
  // the default sort orders strings by UTF-16 code units, as `<` does, without a JS callback
  return candidates.sort();
}

/**
 * Groups sorted candidates by base name: the earliest extension in `extensions` is the revision,
 * the other files of its base name (`others`) must be its compiled form.
 */
function groupRevisionFiles(
  candidates: readonly string[],
  extensions: readonly string[],
): RevisionFileGroup[] {
  // Plain loops: 10,000 entries per `heads`. Almost every stem has one file; `others` is rare.
  const byStem = new Map<string, { name: string; rank: number; others: { name: string; rank: number }[] }>();
  let twins = false;
  for (const name of candidates) {
    const rank = extensionRank(name, extensions);
    const stem = name.slice(0, name.length - (extensions[rank] as string).length);
    const group = byStem.get(stem);
    if (group === undefined) byStem.set(stem, { name, rank, others: NO_OTHERS });
    else if (group.others === NO_OTHERS) {
      group.others = [{ name, rank }];
      twins = true;
    } else group.others.push({ name, rank });
  }
  const groups: RevisionFileGroup[] = [];
  for (const group of byStem.values()) {
    if (group.others.length === 0) {
      groups.push({ name: group.name, others: NO_NAMES });
      continue;
    }
    const [first, ...rest] = [{ name: group.name, rank: group.rank }, ...group.others].sort(
      (a, b) => a.rank - b.rank,
    );
    groups.push({ name: (first as { name: string }).name, others: rest.map((f) => f.name) });
  }
  // without twins every group is its one candidate, already in name order
  return twins ? groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : groups;
}

const DOT = 46;
// shared by the stems with one file (nearly all): never written to, only replaced
const NO_OTHERS = Object.freeze([]) as unknown as { name: string; rank: number }[];
const NO_NAMES: readonly string[] = Object.freeze([]);

function isIgnored(name: string): boolean {
  // every ignored suffix holds ".d." or ".test.": two scans rule out nearly all names
  if (!name.includes(".d.") && !name.includes(".test.")) return false;
  for (const suffix of IGNORED_SUFFIXES) if (name.endsWith(suffix)) return true;
  return false;
}

function extensionRank(name: string, extensions: readonly string[]): number {
  for (let rank = 0; rank < extensions.length; rank++)
    if (name.endsWith(extensions[rank] as string)) return rank;
  return -1;
}

/** The files and symlinks of `root`; every entry's name when `typed` is false. */
function listDir(root: string, typed = true): string[] {
  try {
    if (!typed) return readdirSync(root);
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isFile() || entry.isSymbolicLink())
      .map((entry) => entry.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new AthanorError(
        "ATHANOR_VERSIONS_DIR_NOT_FOUND",
        `The versions folder ${root} does not exist. ${nextStep({ kind: "create-versions-folder" })}`,
        { dir: root },
        { cause: error },
      );
    }
    throw fileAccessError(error, root, "list");
  }
}
