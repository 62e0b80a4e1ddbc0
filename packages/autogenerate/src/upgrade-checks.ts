import type { DifferHooks, Operation, RequireNoDependents } from "@athanor/core";
import { dependentsChecks } from "./dependents-checks.js";
import type { StagedRevision } from "./stage/stage-types.js";

// The checks the code generator writes, read back from what it renders them from, so a caller
// that warns about them (the CLI, before `upgrade` would refuse) asks about exactly those.

/** The checks the code generator writes first in a plain upgrade or downgrade of `ops` (none where the dialect has no check). */
export function writtenDependentsChecks(
  ops: readonly Operation[],
  hooks: Pick<DifferHooks, "dependentsCheck">,
): RequireNoDependents[] {
  return hooks.dependentsCheck === true ? dependentsChecks(ops) : [];
}

/**
 * The `op.requireNoDependents` checks the upgrade of `revision` runs (a contract revision's
 * guard; a plain revision's, as {@link writtenDependentsChecks} over its operations).
 *
 * @example
 * ```ts
 * stagedUpgradeChecks(staged.revisions[2], postgresDifferHooks); // [requireNoDependents("users", ["mail"])]
 * ```
 */
export function stagedUpgradeChecks(
  revision: StagedRevision,
  hooks: Pick<DifferHooks, "dependentsCheck">,
): RequireNoDependents[] {
  if (revision.kind === "plain") return writtenDependentsChecks(revision.operations, hooks);
  return revision.groups.flatMap((g) =>
    g.up.flatMap((step) =>
      step.kind === "operation" && step.operation.kind === "requireNoDependents" ? [step.operation] : [],
    ),
  );
}
