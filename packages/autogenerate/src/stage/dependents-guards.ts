import type { Operation } from "@athanor/core";
import { dependentsCheckNote, dependentsChecks } from "../dependents-checks.js";
import type { StagedDiff, StagedRevision, StageStep } from "./stage-types.js";

// Each contract revision opens with `op.requireNoDependents` over what the contract removes from
// there on (so the first contract revision refuses before any of the contract runs), passing
// over the views and sync triggers the contract drops itself; each staged downgrade that drops a
// column (expand's drops the added one) opens with its own.

const stepOperations = (steps: readonly StageStep[]): Operation[] =>
  steps.flatMap((s) => (s.kind === "operation" ? [s.operation] : []));

const operationsOf = (revisions: readonly StagedRevision[]): Operation[] =>
  revisions.flatMap((r) => (r.kind === "staged" ? r.groups.flatMap((g) => stepOperations(g.up)) : []));

/** The down steps of `revision`, in the order its downgrade runs them. */
const downOperations = (revision: StagedRevision & { kind: "staged" }): Operation[] =>
  [...revision.groups].reverse().flatMap((g) => stepOperations(g.down));

function guardSteps(ops: readonly Operation[], command: "upgrade" | "downgrade"): StageStep[] {
  return dependentsChecks(ops).flatMap((check) => [
    { kind: "note", text: dependentsCheckNote(check, command) } as const,
    { kind: "operation", operation: check } as const,
  ]);
}

/**
 * Each contract revision of `staged`, opened by the dependents check over what the contract
 * removes from that revision on; each staged revision's downgrade, by the check over what it
 * removes.
 *
 * @example
 * ```ts
 * return dependentsGuards(viewsAroundStages(staged, ops));
 * ```
 */
export function dependentsGuards(staged: StagedDiff): StagedDiff {
  const { revisions } = staged;
  const guarded = revisions.map((revision, index) => {
    if (revision.kind !== "staged") return revision;
    const rest = revisions.slice(index).filter((r) => r.kind === "staged" && r.phase === "contract");
    const up = revision.phase === "contract" ? guardSteps(operationsOf(rest), "upgrade") : [];
    const down = guardSteps(downOperations(revision), "downgrade");
    if (up.length === 0 && down.length === 0) return revision;
    // the first group's up runs first; the last group's down runs first
    return {
      ...revision,
      groups: [
        ...(up.length > 0 ? [{ up, down: [] }] : []),
        ...revision.groups,
        ...(down.length > 0 ? [{ up: [], down }] : []),
      ],
    };
  });
  return { ...staged, revisions: guarded };
}
