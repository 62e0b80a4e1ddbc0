import { AthanorError } from "../errors.js";
import { reach } from "../graph/graph-index.js";
import type { RevisionGraph } from "../graph/revision-graph.js";
import { resolveTargets } from "../graph/target.js";
import { currentIndices } from "../graph/target-context.js";
import { applyTransition, type VersionTransition } from "./version-transition.js";

/**
 * What `stamp` does to the version table, without running any revision.
 *
 * @example
 * ```ts
 * const s: StampPlan = { from: ["a"], to: ["c"], purge: false, transitions: [{ kind: "update", from: "a", to: "c" }] };
 * ```
 */
export interface StampPlan {
  /** The rows before, as given (with `purge`, possibly ids no file declares). */
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** The runner must delete every row first; `transitions` then start from an empty table. */
  readonly purge: boolean;
  readonly transitions: readonly VersionTransition[];
}

/** Options of {@link planStamp}. */
export interface PlanStampOptions {
  readonly current: readonly string[];
  /** Target expressions (`stamp a b` stamps several heads); `["base"]` empties the table. */
  readonly targets: readonly string[];
  /** Start from an empty table (Alembic `--purge`), e.g. when rows name deleted revisions. */
  readonly purge?: boolean;
}

/**
 * Plans `stamp` (alembic.md §2.4 "Stamp"), destination by destination in topological order:
 * already a row → nothing; rows that are ancestors or descendants of the destination are
 * replaced by it (one row updated, the others deleted — moving up like a merge, down like a
 * downgrade); no related row → INSERT (a new branch). `base` deletes every row.
 *
 * @example
 * ```ts
 * planStamp(graph, { current: ["1975"], targets: ["53ff"] }).transitions; // [{ kind: "update", from: "1975", to: "53ff" }]
 * planStamp(graph, { current: ["gone"], targets: ["head"], purge: true }).to; // ["53ff"]
 * ```
 */
export function planStamp(graph: RevisionGraph, options: PlanStampOptions): StampPlan {
  const purge = options.purge ?? false;
  if (options.targets.length === 0) {
    throw new AthanorError(
      "ATHANOR_INVALID_TARGET",
      "stamp needs at least one target revision (use 'base' to empty the version table).",
      {
        targets: [],
      },
    );
  }
  const current = purge ? options.current.filter((id) => graph.get(id) !== undefined) : options.current;
  if (!purge) currentIndices(graph, current);
  const destinations = resolveTargets(graph, options.targets, { current });
  let rows: readonly string[] = purge ? [] : [...current];
  const transitions: VersionTransition[] = [];
  const push = (t: VersionTransition): void => {
    rows = applyTransition(rows, t);
    transitions.push(t);
  };
  if (destinations.length === 0) for (const id of [...rows]) push({ kind: "delete", id });
  for (const dest of destinations) {
    if (rows.includes(dest)) continue;
    const d = graph.indexOf(dest);
    const above = reach(graph.index.succs, [d], graph.size);
    const below = reach(graph.index.preds, [d], graph.size);
    const related = rows.filter((id) => {
      const i = graph.indexOf(id);
      return above[i] === 1 || below[i] === 1;
    });
    const [first, ...rest] = related;
    if (first === undefined) push({ kind: "insert", id: dest });
    else if (rest.length === 0) push({ kind: "update", from: first, to: dest });
    else push({ kind: "merge", delete: rest, from: first, to: dest });
  }
  return { from: [...options.current], to: rows, purge, transitions };
}
