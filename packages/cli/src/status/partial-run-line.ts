import type { PartialRunReport } from "@athanor/core";
import { inertText } from "@athanor/core/text";

/**
 * A partial run in one line, as `current` and `status` print it (the same words as
 * `upgrade`'s refusal): what ran, then the command that finishes it and the way back — or, when
 * this athanor renders the done statements differently, why it cannot resume and the athanor
 * version that started the run, which can.
 *
 * @example
 * ```ts
 * partialRunLine(state.partialRuns[0]);
 * // "the upgrade of revision b2 stopped part-way: statement #0 is applied and committed; next: `athanor upgrade --resume` (or undo statement #0 by hand, then `athanor stamp a1`)"
 * ```
 */
export function partialRunLine(run: PartialRunReport): string {
  // one line, whatever revision ids the database holds
  if (run.resume !== null) return inertText(`${run.summary}; next: \`${run.resume}\` (or ${run.undo})`);
  // `upgrade`'s refusal in one line: why, then the athanor version that started the run, or undo
  if (run.renderingChanged && run.renderingChange !== undefined && run.restore !== undefined)
    return inertText(
      `${run.summary}; it cannot be resumed: ${run.renderingChange}; either ${run.restore}, or ${run.undo}`,
    );
  const why = run.fileMissing
    ? "no revision file declares it any more"
    : run.renderingChanged
      ? (run.renderingChange ?? "this athanor renders its statements differently")
      : "the revision file changed since";
  return inertText(`${run.summary}; ${why}, so it cannot be resumed: ${run.undo}`);
}
