import type { PartialRunReport } from "@athanor/core";

/**
 * A partial run in one line, as `current` and `status` print it (the same words as
 * `upgrade`'s refusal): what ran, then the command that finishes it and the way back.
 *
 * @example
 * ```ts
 * partialRunLine(state.partialRuns[0]);
 * // "the upgrade of revision b2 stopped part-way: statement #0 is applied and committed; next: `athanor upgrade --resume` (or undo statement #0 by hand, then `athanor stamp a1`)"
 * ```
 */
export function partialRunLine(run: PartialRunReport): string {
  if (run.resume !== null) return `${run.summary}; next: \`${run.resume}\` (or ${run.undo})`;
  const why = run.fileMissing ? "no revision file declares it any more" : "the revision file changed since";
  return `${run.summary}; ${why}, so it cannot be resumed: ${run.undo}`;
}
