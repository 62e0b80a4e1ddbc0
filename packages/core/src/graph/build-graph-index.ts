import type { RevisionSource } from "../revision/revision.js";
import { inertText } from "../text/inert-text.js";
import { checkBranchLabel, checkRevisionId, describe, graphError } from "./graph-errors.js";
import type { GraphIndex } from "./graph-index.js";
import { topologicalOrder } from "./topological-order.js";

/**
 * Validates revision headers and builds the indexed adjacency. Checks run in this order, and
 * the first failing check throws: ids, duplicate ids, branch labels, self-loops, unknown
 * parents/dependencies, cycles.
 *
 * @example
 * ```ts
 * const index = buildGraphIndex([{ id: "a", parents: [], ... }, { id: "b", parents: ["a"], ... }]);
 * index.order; // [0, 1]
 * ```
 */
export function buildGraphIndex(revisions: readonly RevisionSource[]): GraphIndex {
  const sources = [...revisions];
  const byId = new Map<string, number>();
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i] as RevisionSource;
    checkRevisionId(source);
    const earlier = byId.get(source.id);
    if (earlier !== undefined) {
      const first = sources[earlier] as RevisionSource;
      throw graphError(
        "ATHANOR_DUPLICATE_REVISION",
        `Revision id '${source.id}' is declared twice: in ${first.file ?? "memory"} and in ${source.file ?? "memory"}. Each revision needs its own id; give one of them a new id (and fix the parents that should point at it).`,
        [first, source],
        { id: source.id },
      );
    }
    byId.set(source.id, i);
  }
  checkFoldedIds(sources, byId);
  checkLabels(sources, byId);

  // Most revisions have one parent, no dependency and at most one child: share one empty
  // array and reuse lists instead of concatenating, which keeps 10,000 revisions cheap.
  const n = sources.length;
  const parents: (readonly number[])[] = new Array(n);
  const deps: (readonly number[])[] = new Array(n);
  const preds: (readonly number[])[] = new Array(n);
  const children: number[][] = new Array(n).fill(NONE);
  const dependents: number[][] = new Array(n).fill(NONE);
  for (let i = 0; i < n; i++) {
    const source = sources[i] as RevisionSource;
    const ups = resolveEdges(source, "parents", byId);
    const rawDeps = source.dependsOn.length === 0 ? NONE : resolveEdges(source, "dependsOn", byId);
    const extra = rawDeps.length === 0 ? NONE : rawDeps.filter((d) => !ups.includes(d));
    parents[i] = ups;
    deps[i] = extra;
    preds[i] = extra.length === 0 ? ups : [...ups, ...extra];
    for (const p of ups) addEdge(children, p, i);
    for (const d of extra) addEdge(dependents, d, i);
  }
  const succs: (readonly number[])[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const kids = children[i] as number[];
    const users = dependents[i] as number[];
    succs[i] = users.length === 0 ? kids : [...kids, ...users];
  }

  const sorted = topologicalOrder(preds, succs);
  if ("cycle" in sorted) {
    const ids = sorted.cycle.map((i) => (sources[i] as RevisionSource).id);
    const involved = sorted.cycle.slice(1).map((i) => sources[i] as RevisionSource);
    throw graphError(
      "ATHANOR_CYCLE",
      `Cycle detected in revisions: ${ids.join(" → ")}. Each arrow is a parents or dependsOn edge; a revision cannot be its own ancestor. Remove one of these edges (usually a parents entry that should point at an older revision).`,
      involved,
      { cycle: ids },
    );
  }
  const rank = new Int32Array(sources.length);
  for (let position = 0; position < n; position++) rank[sorted.order[position] as number] = position;
  return { sources, byId, parents, deps, preds, children, dependents, succs, order: sorted.order, rank };
}

const NONE: number[] = [];

function addEdge(lists: number[][], from: number, to: number): void {
  const list = lists[from] as number[];
  if (list === NONE) lists[from] = [to];
  else list.push(to);
}

/** Ids that need no folding: lowercase ASCII letters, digits and the punctuation ids use. */
const PLAIN_ID = /^[a-z0-9_.]*$/;

/**
 * The id as a case- and accent-insensitive comparison sees it: MariaDB's default collation
 * (`utf8mb4_general_ci`, the version table's primary key) and the file systems of macOS and
 * Windows take `abc`, `ABC` and `àbc` for one.
 */
function foldId(id: string): string {
  return id.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * Throws ATHANOR_DUPLICATE_REVISION for two ids that differ only in letter case or accents:
 * where they are one (MariaDB's version table, a case-insensitive file system) the second
 * would collapse into the first or crash mid-upgrade on a duplicate key. Only ids with a
 * character to fold are folded, so the usual lowercase hex ids cost one regex test each.
 */
function checkFoldedIds(sources: readonly RevisionSource[], byId: ReadonlyMap<string, number>): void {
  let folded: Map<string, number> | undefined;
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i] as RevisionSource;
    if (PLAIN_ID.test(source.id)) continue;
    const key = foldId(source.id);
    const other = folded?.get(key) ?? byId.get(key);
    if (other !== undefined && other !== i) {
      const first = sources[other] as RevisionSource;
      throw graphError(
        "ATHANOR_DUPLICATE_REVISION",
        `Revision ids '${inertText(first.id)}' (${first.file ?? "memory"}) and '${inertText(source.id)}' (${source.file ?? "memory"}) differ only in letter case or accents. A case-insensitive file system, or a database whose collation ignores case (MariaDB's default), takes them for one revision: the second would collapse into the first, or fail mid-upgrade on a duplicate key. Give one of them an id of its own (and fix the parents that point at it).`,
        [first, source],
        { id: source.id, otherId: first.id },
      );
    }
    folded ??= new Map();
    folded.set(key, i);
  }
}

function checkLabels(sources: readonly RevisionSource[], byId: ReadonlyMap<string, number>): void {
  const owners = new Map<string, RevisionSource>();
  for (const source of sources) {
    for (const label of new Set(source.branchLabels)) {
      checkBranchLabel(source, label);
      const clashId = byId.get(label);
      if (clashId !== undefined) {
        const other = sources[clashId] as RevisionSource;
        throw graphError(
          "ATHANOR_DUPLICATE_BRANCH_LABEL",
          `Branch label '${label}' of revision ${describe(source)} is also the id of revision ${describe(other)}, so '${label}' would be ambiguous in targets. Rename the label.`,
          [source, other],
          { label },
        );
      }
      const owner = owners.get(label);
      if (owner !== undefined) {
        throw graphError(
          "ATHANOR_DUPLICATE_BRANCH_LABEL",
          `Branch label '${label}' in revision ${describe(source)} is already used by revision ${describe(owner)}. A label names one branch; remove it from one revision (descendants inherit the label anyway).`,
          [owner, source],
          { label },
        );
      }
      owners.set(label, source);
    }
  }
}

function resolveEdges(
  source: RevisionSource,
  field: "parents" | "dependsOn",
  byId: ReadonlyMap<string, number>,
): number[] {
  const refs = source[field];
  if (refs.length === 0) return NONE;
  const out: number[] = [];
  for (const ref of refs) {
    if (ref === source.id) {
      throw graphError(
        "ATHANOR_SELF_LOOP",
        `Revision ${describe(source)} names itself in ${field}. A revision cannot come before itself; point ${field} at an older revision${field === "parents" ? " (or use an empty list for a base)" : ""}.`,
        [source],
        { field, id: source.id },
      );
    }
    const target = byId.get(ref);
    if (target === undefined) {
      const similar = [...byId.keys()].filter(
        (id) => id.startsWith(ref) || ref.startsWith(id) || ref.includes(id),
      );
      const hint =
        similar.length > 0
          ? ` Did you mean ${similar
              .slice(0, 5)
              .map((s) => `'${s}'`)
              .join(" or ")}? ${field} must hold full revision ids, not prefixes or file names.`
          : " Restore the missing revision file, or point this revision at an existing one.";
      throw graphError(
        "ATHANOR_UNKNOWN_PARENT",
        `Revision ${describe(source)} lists '${ref}' in ${field}, but no revision file declares that id.${hint}`,
        [source],
        { field, missing: ref, suggestions: similar.slice(0, 5) },
      );
    }
    if (!out.includes(target)) out.push(target);
  }
  return out;
}
