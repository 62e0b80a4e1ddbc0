import { plan } from "../plan/plan.js";
import { appliedDigest } from "./applied-digest.js";
import type { NoopSummary } from "./noop-summary.js";
import type { PreparedRun } from "./prepare-run.js";

// Apart from noop-summary.ts: computing a summary needs the planner, checking one does not, and
// core's `preflight` entry (the check) must not load the planner (bundle chunks follow files).

const SUMMARY_TARGETS = ["heads", "head"] as const;

/**
 * The no-op summary of a prepared run's files: computed from the graph and checksums the run
 * already loaded (each checksum read through the stamp-validated checksum cache).
 *
 * @example
 * ```ts
 * const summary = summariseNoop(run); // { heads: ["c3"], targets: ["heads", "head"], checksums: {...}, appliedDigest: "…" }
 * ```
 */
export function summariseNoop(run: PreparedRun): NoopSummary {
  const heads = [...run.graph.heads()].sort();
  const targets = SUMMARY_TARGETS.filter((target) => {
    try {
      const planned = plan(run.graph, { current: heads, target, direction: "upgrade" });
      return planned.steps.length === 0 && planned.heldBack.length === 0;
    } catch {
      return false; // `head` with several heads
    }
  });
  const checksums: Record<string, string> = {};
  for (const id of run.graph.ancestors(heads)) checksums[id] = run.revisions.checksum(id);
  return { heads, targets, checksums, appliedDigest: appliedDigest(checksums) };
}
