import type { RevisionGraph } from "../graph/revision-graph.js";

/**
 * API CONTRACT (skeleton — to be implemented).
 *
 * How one step changes the one-row-per-head version table (alembic.md §2.4).
 * - insert: a new branch starts (`INSERT id`)
 * - delete: a branch closes (`DELETE id`)
 * - update: move a row `from` → `to`
 * - merge: delete rows `delete`, then update `from` → `to`
 * - unmerge: insert rows `insert`, then update `from` → `to`
 */
export type VersionTransition =
  | { readonly kind: "insert"; readonly id: string }
  | { readonly kind: "delete"; readonly id: string }
  | { readonly kind: "update"; readonly from: string; readonly to: string }
  | { readonly kind: "merge"; readonly delete: readonly string[]; readonly from: string; readonly to: string }
  | { readonly kind: "unmerge"; readonly insert: readonly string[]; readonly from: string; readonly to: string };

export type Direction = "upgrade" | "downgrade";

export interface PlanStep {
  readonly revision: string;
  readonly direction: Direction;
  readonly transition: VersionTransition;
}

export interface MigrationPlan {
  readonly direction: Direction;
  /** Version-table heads before the plan. */
  readonly from: readonly string[];
  /** Version-table heads after the plan. */
  readonly to: readonly string[];
  readonly steps: readonly PlanStep[];
}

/**
 * Pure and synchronous. `current` = heads in the version table; `target` = a target expression
 * (resolved with resolveTarget) or already-resolved ids.
 * Upgrade applies ancestors(target) − ancestors(current) in topological order.
 * Downgrade removes descendants-of-target that are applied (target itself stays applied;
 * `base` removes everything).
 */
export function plan(
  _graph: RevisionGraph,
  _options: { readonly current: readonly string[]; readonly target: string; readonly direction: Direction },
): MigrationPlan {
  throw new Error("not implemented");
}

/** Applies a transition to a simulated version table (a set of head ids). */
export function applyTransition(_heads: readonly string[], _transition: VersionTransition): readonly string[] {
  throw new Error("not implemented");
}
