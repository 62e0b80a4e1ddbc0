import type { RevisionGraph } from "../graph/revision-graph.js";
import { applyTransition, type MigrationPlan, plan } from "../plan/plan.js";

/**
 * The target the advice of a downgrade stopped part-way in `revision` names, so that
 * `downgrade TARGET --resume` finishes that revision and goes on to where the stopped run was
 * going. A plain `downgrade --resume` ends at the revision's parents, which is where the run was
 * going when the revision is the plan's last: then none is named. The advice runs from where the
 * stop left the version table, so a target is named only when, planned from there, it still
 * takes `revision` and ends where `stopped` would have: the target as typed (`base`, an id,
 * `cart@base`), else the one revision it resolved to (a relative `-3` would count from the
 * revisions already reverted), else none.
 *
 * @example
 * ```ts
 * // at r4, `downgrade -3` stopped in r3 (r4 done): `-3` from r3 is base, so the advice names r1
 * downgradeResumeTarget(graph, plan(graph, { current: ["r4"], target: "-3", direction: "downgrade" }), "-3", "r3"); // "r1"
 * ```
 */
export function downgradeResumeTarget(
  graph: RevisionGraph,
  stopped: MigrationPlan,
  requested: string | readonly string[] | undefined,
  revision: string,
): string | undefined {
  const at = stopped.steps.findIndex((s) => s.revision === revision);
  if (stopped.direction !== "downgrade" || at < 0 || at === stopped.steps.length - 1) return undefined;
  let heads = stopped.from;
  for (const step of stopped.steps.slice(0, at)) heads = applyTransition(heads, step.transition);
  const resolved =
    stopped.targets.length === 0 ? "base" : stopped.targets.length === 1 ? stopped.targets[0] : undefined;
  const end = [...stopped.to].sort().join(" ");
  for (const target of [typeof requested === "string" ? requested : undefined, resolved]) {
    if (target === undefined) continue;
    try {
      const resumed = plan(graph, { current: heads, target, direction: "downgrade" });
      if (resumed.steps.some((s) => s.revision === revision) && [...resumed.to].sort().join(" ") === end)
        return target;
    } catch {
      // a target that no longer resolves from there: try the next
    }
  }
  return undefined;
}
