import { AthanorError } from "../errors.js";
import { reach } from "../graph/graph-index.js";
import type { RevisionGraph } from "../graph/revision-graph.js";
import { resolveTarget, targetBranch } from "../graph/target.js";
import { currentIndices } from "../graph/target-context.js";
import { walkOrder } from "../graph/walk-order.js";
import { PHASES, type Phase, type RevisionSource } from "../revision/revision.js";
import { HeadTracker } from "./head-tracker.js";
import { applyTransition, type VersionTransition } from "./version-transition.js";

export type { VersionTransition } from "./version-transition.js";
export { applyTransition } from "./version-transition.js";

/** Which way a plan runs. @example `const d: Direction = "upgrade";` */
export type Direction = "upgrade" | "downgrade";

/**
 * One revision to run, and how the version table changes after it.
 *
 * @example
 * ```ts
 * const step: PlanStep = { revision: "ae10", direction: "upgrade", transition: { kind: "update", from: "1975", to: "ae10" } };
 * ```
 */
export interface PlanStep {
  readonly revision: string;
  readonly direction: Direction;
  readonly transition: VersionTransition;
}

/**
 * An ordered list of steps. Applying every transition to `from` gives `to`.
 *
 * @example
 * ```ts
 * const p: MigrationPlan = plan(graph, { current: [], target: "heads", direction: "upgrade" });
 * p.steps.map((s) => s.revision); // ["1975", "ae10", "27c6", "53ff"]
 * ```
 */
export interface MigrationPlan {
  readonly direction: Direction;
  /** The resolved target ids (empty = base). */
  readonly targets: readonly string[];
  /** Version-table heads before the plan. */
  readonly from: readonly string[];
  /** Version-table heads after the plan. */
  readonly to: readonly string[];
  readonly steps: readonly PlanStep[];
  /** Revisions the upgrade needed but did not plan because of `phase` (and what builds on them). */
  readonly heldBack: readonly string[];
}

/** Options of {@link plan}. */
export interface PlanOptions {
  /** Heads in the version table. */
  readonly current: readonly string[];
  /** A target expression (resolved with resolveTarget) or already-resolved ids (empty = base). */
  readonly target: string | readonly string[];
  readonly direction: Direction;
  /**
   * Upgrade only: the last phase to run (`expand` < `migrate` < `contract`). A revision of a
   * later phase is held back together with everything that builds on it, so a deploy can run
   * expand (and migrate) work before new code rolls out and contract work after the old code is
   * gone. Revisions without a phase are ordinary and run in every phase.
   */
  readonly phase?: Phase | undefined;
}

/**
 * Pure and synchronous. Upgrade applies ancestors(target) − applied in topological order
 * (a target already applied is a no-op). Downgrade removes the applied descendants of the
 * target in reverse topological order; the target and its ancestors stay applied, so `downgrade X`
 * with X one parent of a merge undoes only the merge and what follows it. `base` removes
 * everything; `<label>@base` removes the whole branch, its first revision included.
 * Downgrading to a revision that is not applied throws ATHANOR_INVALID_TARGET.
 *
 * @example
 * ```ts
 * plan(graph, { current: ["53ff"], target: "ae10", direction: "downgrade" }).steps;
 * // [{ revision: "53ff", direction: "downgrade", transition: { kind: "unmerge", insert: ["27c6"], from: "53ff", to: "ae10" } }]
 * ```
 */
export function plan(graph: RevisionGraph, options: PlanOptions): MigrationPlan {
  const { index } = graph;
  const { current, direction } = options;
  const targets =
    typeof options.target === "string"
      ? resolveTarget(graph, options.target, { current, direction })
      : [...new Set(options.target)].map((id) => graph.require(id).id);
  if (direction === "downgrade" && typeof options.target === "string" && targets.length > 1)
    throw severalDowngradeTargets(options.target, targets);
  const currentIdx = currentIndices(graph, current);
  const tracker = new HeadTracker(index, currentIdx);
  const targetIdx = targets.map((id) => graph.indexOf(id));

  let todo: number[];
  let heldBack: readonly string[] = [];
  if (direction === "upgrade") {
    const needed = reach(index.preds, targetIdx, graph.size);
    for (let i = 0; i < needed.length; i++) if (tracker.applied[i] === 1) needed[i] = 0;
    // Alembic's order: walk down from the targets in file order, then run it bottom-up.
    todo = walkOrder(index, needed, targetIdx).reverse();
    if (options.phase !== undefined) {
      const split = holdBack(graph, todo, options.phase);
      todo = split.run;
      heldBack = split.held;
    }
  } else {
    const wholeBranch = typeof options.target === "string" && /@base$/.test(options.target.trim());
    if (!wholeBranch) requireApplied(graph, tracker, targetIdx, options.target, current);
    const roots = wholeBranch ? targetIdx : downgradeRoots(graph, targetIdx, options.target);
    // Targets stay applied, and so do their ancestors, even when one target descends from another.
    const doomed = reach(index.succs, roots, graph.size);
    const kept = wholeBranch ? new Uint8Array(graph.size) : reach(index.preds, targetIdx, graph.size);
    for (let i = 0; i < doomed.length; i++) if (tracker.applied[i] !== 1 || kept[i] === 1) doomed[i] = 0;
    // Alembic's order: walk down from the current rows in file order.
    todo = walkOrder(index, targetIdx.length === 0 ? tracker.applied : doomed, currentIdx);
  }

  let rows: readonly string[] = [...current];
  const steps = todo.map((i): PlanStep => {
    const transition = direction === "upgrade" ? tracker.upgrade(i) : tracker.downgrade(i);
    rows = applyTransition(rows, transition);
    return { revision: (index.sources[i] as RevisionSource).id, direction, transition };
  });
  return { direction, targets, from: [...current], to: rows, steps, heldBack };
}

/**
 * Where a downgrade to `targets` starts removing: everything built directly on them, children and
 * dependents (what builds on those goes with them). A branch-scoped target (`cart@c60f`,
 * `cart@-1`) starts from its children through parents only, and of several only the one on the
 * way to where the branch starts, as Alembic does, so
 * the other branches growing from the same revision stay applied; at a fork above that start the
 * choice is ambiguous and refused, as Alembic refuses it.
 */
function downgradeRoots(
  graph: RevisionGraph,
  targets: readonly number[],
  expression: string | readonly string[],
): number[] {
  const { index } = graph;
  const branch = typeof expression === "string" ? targetBranch(graph, expression) : undefined;
  if (branch === undefined) return [...new Set(targets.flatMap((t) => index.succs[t] ?? []))];
  // In a branch, only the branch's own line: children through parents, not other branches'
  // revisions that merely depend on the target.
  const children = [...new Set(targets.flatMap((t) => index.children[t] ?? []))];
  if (children.length <= 1) return children;
  const towards = reach(index.parents, [graph.indexOf(branch)], graph.size);
  const scoped = children.filter((c) => towards[c] === 1);
  if (scoped.length > 0) return scoped;
  throw new AthanorError(
    "ATHANOR_INVALID_TARGET",
    `'${expression}' is not a valid downgrade target from the current heads: ${targets.map((t) => `'${(index.sources[t] as RevisionSource).id}'`).join(", ")} forks inside branch '${String(expression).split("@")[0]}', so which of its children to revert is ambiguous. Downgrade to a revision on one side of the fork, or name the revision without the branch to revert every side.`,
    { target: expression },
  );
}

/**
 * `downgrade heads`, `downgrade cart@heads`, `downgrade <rev>@head` naming several heads: which
 * one should stay? Alembic refuses ("Multiple head revisions"); so does athanor, instead of
 * reading it as "keep all of them" and doing nothing.
 */
function severalDowngradeTargets(expression: string, targets: readonly string[]): AthanorError {
  return new AthanorError(
    "ATHANOR_MULTIPLE_HEADS",
    `Multiple head revisions are present for downgrade target '${expression}': ${targets.map((t) => `'${t}'`).join(", ")}. A downgrade goes down to one revision: name one of them (its id, or '<label>@head').`,
    { target: expression, heads: [...targets], suggestions: [...targets] },
  );
}

function requireApplied(
  graph: RevisionGraph,
  tracker: HeadTracker,
  targets: readonly number[],
  expression: string | readonly string[],
  current: readonly string[],
): void {
  const missing = targets
    .filter((t) => tracker.applied[t] !== 1)
    .map((t) => (graph.index.sources[t] as RevisionSource).id);
  if (missing.length === 0) return;
  throw new AthanorError(
    "ATHANOR_INVALID_TARGET",
    `Destination ${missing.map((m) => `'${m}'`).join(", ")} is not a valid downgrade target from current head(s) ${current.length > 0 ? current.map((c) => `'${c}'`).join(", ") : "(none: the database is at base)"}: it is not applied. Downgrade to an applied revision, or use upgrade.`,
    {
      target: typeof expression === "string" ? expression : [...expression],
      notApplied: missing,
      current: [...current],
    },
  );
}

/** Splits an upgrade (in topological order) into what may run up to `phase` and what waits. */
function holdBack(
  graph: RevisionGraph,
  todo: readonly number[],
  phase: Phase,
): { run: number[]; held: string[] } {
  const limit = PHASES.indexOf(phase);
  const { index } = graph;
  const blocked = new Uint8Array(graph.size);
  const run: number[] = [];
  const held: string[] = [];
  for (const i of todo) {
    const source = index.sources[i] as RevisionSource;
    const late = source.phase !== undefined && PHASES.indexOf(source.phase) > limit;
    if (late || (index.preds[i] ?? []).some((p) => blocked[p] === 1)) {
      blocked[i] = 1;
      held.push(source.id);
    } else {
      run.push(i);
    }
  }
  return { run, held };
}
