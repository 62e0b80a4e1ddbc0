import type { NameInput, TableModel } from "@athanor/core";
import { valuesFitCheck, valuesFitNote } from "../values-fit-checks.js";
import type { StageContext } from "./stage-context.js";
import type { StagedDiff, StagedRevision, StageGroup, StageStep } from "./stage-types.js";

// A recipe's copy into a narrower type (the contract downgrade of a staged text ← varchar(100)
// change, a migrate backfill into a shorter type) is checked before its revision's first
// statement: the recipe writes the check next to the copy, and `hoistValuesFitGuards` moves it
// to the front of its direction.

/**
 * The check (under its note) that every value of `column` fits `types.to`, or nothing when the
 * move widens or the dialect cannot judge it; the table's primary key names offending rows.
 *
 * @example
 * ```ts
 * valuesFitSteps(ctx, "users", "name", { from: "text", to: "varchar(100)" }, liveTable);
 * ```
 */
export function valuesFitSteps(
  ctx: StageContext,
  table: NameInput,
  column: string,
  types: { readonly from: string; readonly to: string },
  model: TableModel,
): StageStep[] {
  return valuesFitCheck(ctx.hooks, table, column, types, model.primaryKey?.columns).flatMap((check) => [
    { kind: "note", text: valuesFitNote(check) } as const,
    { kind: "operation", operation: check } as const,
  ]);
}

const isGuard = (step: StageStep | undefined) =>
  step?.kind === "operation" && step.operation.kind === "requireValuesFit";

/** `steps` without the checks (and the note above each), and those apart. */
function split(steps: readonly StageStep[]): { rest: StageStep[]; guards: StageStep[] } {
  const rest: StageStep[] = [];
  const guards: StageStep[] = [];
  steps.forEach((step, i) => {
    if (isGuard(step)) guards.push(step);
    else if (step.kind === "note" && isGuard(steps[i + 1])) guards.push(step);
    else rest.push(step);
  });
  return { rest, guards };
}

function hoist(revision: StagedRevision): StagedRevision {
  if (revision.kind !== "staged") return revision;
  const up: StageStep[] = [];
  const down: StageStep[] = [];
  const groups: StageGroup[] = revision.groups.map((g) => {
    const u = split(g.up);
    const d = split(g.down);
    up.push(...u.guards);
    // the downgrade runs the last group first: its checks go first
    down.unshift(...d.guards);
    return { up: u.rest, down: d.rest };
  });
  if (up.length === 0 && down.length === 0) return revision;
  return {
    ...revision,
    groups: [
      ...(up.length > 0 ? [{ up, down: [] }] : []),
      ...groups.filter((g) => g.up.length > 0 || g.down.length > 0),
      ...(down.length > 0 ? [{ up: [], down }] : []),
    ],
  };
}

/**
 * Each staged revision with its values-fit checks moved before its first statement, in each
 * direction (the first group's up runs first; the last group's down runs first).
 *
 * @example
 * ```ts
 * return dependentsGuards(hoistValuesFitGuards(staged));
 * ```
 */
export function hoistValuesFitGuards(staged: StagedDiff): StagedDiff {
  return { ...staged, revisions: staged.revisions.map(hoist) };
}
