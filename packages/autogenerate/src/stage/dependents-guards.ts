import { type Operation, operations, type QualifiedName } from "@athanor/core";
import type { StagedDiff, StagedRevision, StageStep } from "./stage-types.js";
import { tableLabel } from "./table-lookup.js";

// A contract that drops or renames a column breaks what still names it outside the models — a
// hand-written view (MariaDB leaves it invalid, ERROR 1356 on every read), a trigger function
// (PostgreSQL does not track function bodies) — and the database says nothing. Objects outside
// the models may be created after autogenerate, so the check runs with the revision: each
// contract revision opens with `op.requireNoDependents` over the column names the contract
// removes from there on (so the first contract revision refuses before any of the contract
// runs), passing over the views and sync triggers the contract drops itself first.

interface Removed {
  readonly table: QualifiedName;
  readonly names: Set<string>;
  readonly views: Set<string>;
  readonly syncTriggers: Set<string>;
}

const operationsOf = (revisions: readonly StagedRevision[]): Operation[] =>
  revisions.flatMap((r) =>
    r.kind === "staged"
      ? r.groups.flatMap((g) => g.up.flatMap((s) => (s.kind === "operation" ? [s.operation] : [])))
      : [],
  );

/** Per table, the column names `ops` remove for good (a type change renames its new column back). */
function removedNames(ops: readonly Operation[]): Removed[] {
  const byTable = new Map<string, Removed>();
  const entry = (table: QualifiedName): Removed => {
    const key = tableLabel(table);
    const found = byTable.get(key);
    if (found !== undefined) return found;
    const created: Removed = { table, names: new Set(), views: new Set(), syncTriggers: new Set() };
    byTable.set(key, created);
    return created;
  };
  for (const op of ops) {
    if (op.kind === "dropColumn") entry(op.table).names.add(op.column);
    else if (op.kind === "renameColumn") entry(op.table).names.add(op.from);
  }
  for (const op of ops) {
    if (op.kind === "renameColumn") byTable.get(tableLabel(op.table))?.names.delete(op.to);
    else if (op.kind === "addColumn") byTable.get(tableLabel(op.table))?.names.delete(op.column.name);
  }
  const dropped = [...byTable.values()].filter((r) => r.names.size > 0);
  for (const op of ops)
    for (const r of dropped) {
      if (op.kind === "dropView") r.views.add(op.name.name);
      else if (op.kind === "dropSyncTrigger" && tableLabel(op.table) === tableLabel(r.table))
        r.syncTriggers.add(op.name);
    }
  return dropped;
}

function guardSteps(removed: readonly Removed[]): StageStep[] {
  return removed.flatMap((r) => {
    const columns = [...r.names];
    const except = {
      ...(r.views.size > 0 ? { views: [...r.views] } : {}),
      ...(r.syncTriggers.size > 0 ? { syncTriggers: [...r.syncTriggers] } : {}),
    };
    const guard = operations.requireNoDependents(
      r.table,
      columns,
      Object.keys(except).length > 0 ? except : undefined,
    );
    const target = columns.map((c) => `${tableLabel(r.table)}.${c}`).join(", ");
    return [
      {
        kind: "note",
        text: `refuses, before anything below runs, while a view, trigger or routine outside the models still names ${target} (it would break silently); \`upgrade --allow-broken-dependents\` runs it anyway.`,
      },
      { kind: "operation", operation: guard },
    ] satisfies StageStep[];
  });
}

/**
 * Each contract revision of `staged`, opened by the dependents check over the column names the
 * contract removes from that revision on.
 *
 * @example
 * ```ts
 * return dependentsGuards(viewsAroundStages(staged, ops));
 * ```
 */
export function dependentsGuards(staged: StagedDiff): StagedDiff {
  const { revisions } = staged;
  const guarded = revisions.map((revision, index) => {
    if (revision.kind !== "staged" || revision.phase !== "contract") return revision;
    const rest = revisions.slice(index).filter((r) => r.kind === "staged" && r.phase === "contract");
    const steps = guardSteps(removedNames(operationsOf(rest)));
    if (steps.length === 0) return revision;
    return { ...revision, groups: [{ up: steps, down: [] }, ...revision.groups] };
  });
  return { ...staged, revisions: guarded };
}
