import {
  type DifferHooks,
  type Operation,
  type QualifiedName,
  type RequireNoDependents,
  tableLabel,
} from "@athanor/core";
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

/** A check a written upgrade opens with, and the same question put to the database as it is now. */
export interface UpgradeCheck {
  /** As the revision writes it (tables named as they are when the revision runs). */
  readonly check: RequireNoDependents;
  /** Its table named as it is before the chain runs (a table an earlier revision of the chain renames, by its name now). */
  readonly live: RequireNoDependents;
}

/** The `op.requireNoDependents` checks the upgrade of `revision` runs (a contract revision's guard; a plain revision's). */
function revisionChecks(
  revision: StagedRevision,
  hooks: Pick<DifferHooks, "dependentsCheck">,
): RequireNoDependents[] {
  if (revision.kind === "plain") return writtenDependentsChecks(revision.operations, hooks);
  return upOperations(revision).filter((op): op is RequireNoDependents => op.kind === "requireNoDependents");
}

const upOperations = (revision: StagedRevision): Operation[] =>
  revision.kind === "plain"
    ? [...revision.operations]
    : revision.groups.flatMap((g) =>
        g.up.flatMap((step) => (step.kind === "operation" ? [step.operation] : [])),
      );

/**
 * The checks each revision of a chain opens its upgrade with, one list per revision in order,
 * each with the question to ask of the database before any of the chain has run: a contract's
 * check over `members.mail` after the plain revision renamed `users` to `members` is asked of
 * `users`, which is what exists now.
 *
 * @example
 * ```ts
 * chainUpgradeChecks(staged.revisions, postgresDifferHooks)[1]; // [{ check: requireNoDependents("members", ["mail"]), live: ...("users", ["mail"]) }]
 * ```
 */
export function chainUpgradeChecks(
  revisions: readonly StagedRevision[],
  hooks: Pick<DifferHooks, "dependentsCheck">,
): UpgradeCheck[][] {
  const before = new Map<string, QualifiedName>(); // a table's name after the revisions so far → its name now
  return revisions.map((revision) => {
    const checks = revisionChecks(revision, hooks).map((check) => {
      const now = before.get(tableLabel(check.table));
      return { check, live: now === undefined ? check : { ...check, table: now } };
    });
    for (const op of upOperations(revision))
      if (op.kind === "renameTable") {
        const to = { ...op.table, name: op.to };
        before.set(tableLabel(to), before.get(tableLabel(op.table)) ?? op.table);
      }
    return checks;
  });
}
