import type { Phase } from "@athanor/core";
import type { GraphEdge, GraphModel } from "./graph-model.js";
import type { LaneLayout } from "./lane-layout.js";

/** One revision of `history --graph --json`. `applied`/`current` only when the database was asked. */
export interface GraphNodeJson {
  readonly id: string;
  readonly message: string;
  readonly parents: readonly string[];
  readonly dependsOn: readonly string[];
  readonly labels: readonly string[];
  readonly phase: Phase | null;
  readonly applied?: boolean;
  readonly current?: boolean;
  /** Column in the drawing, 0 = leftmost. */
  readonly lane: number;
  /** Position in the drawing, 0 = newest revision. */
  readonly row: number;
}

/** The document `history --graph --json` prints. */
export interface GraphJson {
  readonly range: string | null;
  /** Revisions selected before `--limit`; more than `nodes.length` when the page was cut. */
  readonly total: number;
  readonly nodes: readonly GraphNodeJson[];
  /** In upgrade direction: `from` is applied before `to`. */
  readonly edges: readonly GraphEdge[];
}

/**
 * The graph as data for scripts: nodes with their lane and row in the terminal drawing, and the
 * parent and depends-on edges between the nodes shown.
 *
 * @example
 * ```ts
 * graphJson(model, layoutLanes(model.nodes), null).nodes[0]; // { id: "53ff…", lane: 0, row: 0, … }
 * ```
 */
export function graphJson(model: GraphModel, layout: LaneLayout, range: string | null): GraphJson {
  const nodes = model.nodes.map((node, row): GraphNodeJson => {
    const marks = model.marked ? { applied: node.state === "applied", current: node.current } : {};
    return {
      id: node.id,
      message: node.message,
      parents: node.parents,
      dependsOn: node.dependsOn,
      labels: node.labels,
      phase: node.phase ?? null,
      ...marks,
      lane: layout.lanes[row] ?? 0,
      row,
    };
  });
  return { range, total: model.total, nodes, edges: model.edges };
}
