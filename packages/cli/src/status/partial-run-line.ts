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
  return run.resume === null
    ? `${run.summary}; the revision file changed since, so it cannot be resumed: ${run.undo}`
    : `${run.summary}; next: \`${run.resume}\` (or ${run.undo})`;
}
