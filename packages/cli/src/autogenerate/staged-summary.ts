import { type StagedDiff, type StagedRevision, TODO_EXPRESSION } from "@athanor/autogenerate";
import { inertText } from "@athanor/core/text";

/**
 * The lines telling which recipe `revision --autogenerate` wrote and why, one per staged change,
 * then the chain of revisions by phase.
 *
 * @example
 * ```ts
 * stagedSummary(staged); // ["Staged into 4 revisions (expand → migrate → contract) because:", "  users.tz: ...", ...]
 * ```
 */
export function stagedSummary(staged: StagedDiff): string[] {
  const chain = staged.revisions.map(phaseName).join(" → ");
  const n = staged.revisions.length;
  const phased = staged.revisions.some((r) => r.phase !== undefined);
  return [
    `Staged into ${n} revision${n === 1 ? "" : "s"} (${chain}) because:`,
    ...staged.changes.map((c) => `  ${RECIPE_NAMES[c.recipe]} ${c.target}: ${c.reason}`),
    // a change the stager left in place, and why (names kept inert)
    ...staged.notes.map((n) => `  ${inertText(`NOTE: ${n}`)}`),
    ...(phased
      ? [
          `Run \`athanor upgrade --phase expand\` before the new code rolls out, \`athanor upgrade\` after the old code is gone.${
            leavesTodo(staged) ? " Fill every TODO(athanor) backfill first." : ""
          } Pass --no-stage for one plain revision.`,
        ]
      : []),
  ];
}

/** True when a backfill of the recipe has a value for the user to write (a TODO(athanor) stub). */
function leavesTodo(staged: StagedDiff): boolean {
  return staged.revisions.some(
    (r) =>
      r.kind === "staged" &&
      r.groups.some((g) =>
        [...g.up, ...g.down].some(
          (step) => step.kind === "backfill" && Object.values(step.set).includes(TODO_EXPRESSION),
        ),
      ),
  );
}

const RECIPE_NAMES = {
  requiredColumn: "new NOT NULL column",
  renameColumn: "renamed column",
  typeChange: "type change",
  drop: "drop of",
  online: "non-blocking form on",
} as const;

function phaseName(r: StagedRevision): string {
  const name = r.phase ?? "ordinary";
  return r.kind === "staged" && r.transactional === false ? `${name}, no transaction` : name;
}
