import type { Phase, RevisionGraph } from "@athanor/core";
import { parseRange, revisionsInRange } from "@athanor/core/graph";

/**
 * What the database says about the revisions, when it was asked (`-i`): which are applied and
 * which are the version table's rows. Absent means "not asked", and nothing is marked.
 *
 * @example
 * ```ts
 * const marks: DatabaseMarks = { applied: new Set(["a", "b"]), currentHeads: new Set(["b"]) };
 * ```
 */
export interface DatabaseMarks {
  readonly applied: ReadonlySet<string>;
  readonly currentHeads: ReadonlySet<string>;
}

/** Applied, pending, or unknown because the database was not asked. */
export type NodeState = "applied" | "pending" | "unknown";

/** One revision as every graph renderer sees it. */
export interface GraphNode {
  readonly id: string;
  /** First line of the message. */
  readonly message: string;
  /** Parents, all of them (a parent outside the shown set ends its lane). */
  readonly parents: readonly string[];
  readonly dependsOn: readonly string[];
  /** Branch labels declared on this revision (where a branch is named). */
  readonly labels: readonly string[];
  readonly phase: Phase | undefined;
  readonly state: NodeState;
  /** A row of the database's version table. */
  readonly current: boolean;
  readonly isMergePoint: boolean;
  readonly isBranchPoint: boolean;
}

/** An edge in upgrade direction: `from` is applied before `to`. Listed oldest `to` first. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: "parent" | "dependsOn";
}

/**
 * The revisions to draw, newest first, and the edges between them. `total` counts the revisions
 * selected before `--limit` cut the list; edges only join revisions that are both shown.
 *
 * @example
 * ```ts
 * const model = buildGraphModel(graph, selectRevisions(graph, "base:head"), { limit: 200 });
 * model.nodes.length <= 200; // true
 * ```
 */
export interface GraphModel {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly total: number;
  /** Every selected id, shown or past the page: lanes toward these stay open. */
  readonly selected: ReadonlySet<string>;
  readonly marked: boolean;
}

/**
 * The revisions `-r RANGE` selects, newest first in Alembic's history order (every revision
 * without a range). `current` is
 * the database's heads, for ranges such as `current:` or `-2:`.
 *
 * @example
 * ```ts
 * selectRevisions(graph, "27c6:53ff"); // ["53ff…", "3b1f…", "27c6…"]
 * ```
 */
export function selectRevisions(
  graph: RevisionGraph,
  range: string | undefined,
  current: readonly string[] = [],
): readonly string[] {
  if (range !== undefined) return revisionsInRange(graph, parseRange(range), { current });
  return graph.newestFirst();
}

/**
 * Builds the drawing model of `ids` (newest first). `limit` keeps the first N (0 or absent:
 * all), so a 10,000-revision history costs only the rows it prints.
 *
 * @example
 * ```ts
 * buildGraphModel(graph, ["b", "a"]).edges; // [{ from: "a", to: "b", kind: "parent" }]
 * ```
 */
export function buildGraphModel(
  graph: RevisionGraph,
  ids: readonly string[],
  options: { readonly limit?: number | undefined; readonly marks?: DatabaseMarks | undefined } = {},
): GraphModel {
  const { limit, marks } = options;
  const shownIds = limit === undefined || limit <= 0 ? ids : ids.slice(0, limit);
  const shown = new Set(shownIds);
  const nodes = shownIds.map((id): GraphNode => {
    const r = graph.require(id);
    return {
      id,
      message: r.message.split("\n")[0] ?? "",
      parents: r.parents,
      dependsOn: r.dependsOn,
      labels: r.branchLabels,
      phase: r.phase,
      state: marks === undefined ? "unknown" : marks.applied.has(id) ? "applied" : "pending",
      current: marks?.currentHeads.has(id) ?? false,
      isMergePoint: r.parents.length > 1,
      isBranchPoint: graph.children(id).length > 1,
    };
  });
  // Oldest first, parents in declared order: the order exported pictures list them.
  const edges: GraphEdge[] = [];
  for (const node of [...nodes].reverse()) {
    for (const parent of node.parents)
      if (shown.has(parent)) edges.push({ from: parent, to: node.id, kind: "parent" });
    for (const dependency of node.dependsOn)
      if (shown.has(dependency)) edges.push({ from: dependency, to: node.id, kind: "dependsOn" });
  }
  return { nodes, edges, total: ids.length, selected: new Set(ids), marked: marks !== undefined };
}
