import {
  type DropColumn,
  type DropEnum,
  type DropTable,
  type Operation,
  operations,
  reverse,
} from "@athanor/core";
import { quoteName } from "../diff/raw-sql.js";
import { TODO_EXPRESSION } from "./column-recipes.js";
import { operationGroup } from "./not-null-steps.js";
import type { RecipeBuckets } from "./recipe-buckets.js";
import type { StageStep } from "./stage-types.js";
import { tableLabel } from "./table-lookup.js";

const OLD_CODE_GONE = "only once no running code uses it: deploy the code that stopped using it first.";

/**
 * A dropped column: contract only. The downgrade re-adds it; its values are gone, so a NOT NULL
 * column without a default comes back nullable, gets a backfill stub the user fills, then NOT NULL
 * (it fails loudly, not silently, until the stub is filled).
 *
 * @example
 * ```ts
 * stageDroppedColumn(buckets, operations.dropColumn("users", "legacy", { existing: { type: "text" } }));
 * ```
 */
export function stageDroppedColumn(buckets: RecipeBuckets, differs: DropColumn): void {
  const target = `${tableLabel(differs.table)}.${differs.column}`;
  const note: StageStep = { kind: "note", text: `drops ${target} ${OLD_CODE_GONE}` };
  const existing = differs.existing;
  // the contract revision runs after the moves of expand: the place is the stager's, not the differ's
  const position = buckets.places.restoreDrop(differs.table, differs.column);
  const op = operations.dropColumn(differs.table, differs.column, {
    ...(existing === undefined ? {} : { existing }),
    ...(position === undefined ? {} : { existingPosition: position }),
  });
  if (existing !== undefined && !existing.nullable && existing.default === undefined && !existing.identity) {
    const q = (n: string) => quoteName(buckets.ctx, n);
    const add = operations.addColumn(op.table, { ...existing, name: op.column, nullable: true }, position);
    const required = operations.alterColumn(op.table, op.column, {
      nullable: false,
      existingNullable: true,
      existingType: existing.type,
    });
    buckets.add("drop", {
      up: [note, { kind: "operation", operation: op }],
      down: [
        { kind: "operation", operation: add },
        {
          kind: "note",
          text: `the dropped values of ${target} are gone: fill the column before NOT NULL comes back.`,
        },
        {
          kind: "backfill",
          table: op.table,
          set: { [op.column]: TODO_EXPRESSION },
          where: `${q(op.column)} IS NULL`,
        },
        { kind: "operation", operation: required },
      ],
    });
  } else {
    // the reverse re-adds the column where `existingPosition` says
    const group = operationGroup([op]);
    buckets.add("drop", { up: [note, ...group.up], down: group.down });
  }
  buckets.changes.push({
    recipe: "drop",
    target,
    reason: "dropping a column breaks running code that still reads or writes it",
  });
}

/**
 * A dropped table with the indexes and constraints the differ drops before it: contract only.
 *
 * @example
 * ```ts
 * stageDroppedTable(buckets, dropTableOp, [dropIndexOp]);
 * ```
 */
export function stageDroppedTable(
  buckets: RecipeBuckets,
  op: DropTable,
  dependents: readonly Operation[],
): void {
  const group = operationGroup([...dependents, op]);
  buckets.add("drop", {
    up: [{ kind: "note", text: `drops table ${tableLabel(op.table)} ${OLD_CODE_GONE}` }, ...group.up],
    down: group.down,
  });
  buckets.changes.push({
    recipe: "drop",
    target: tableLabel(op.table),
    reason: "dropping a table breaks running code that still uses it",
  });
}

/**
 * A dropped enum type whose columns' drops are staged: it goes last into the drop revision,
 * after them (dropping it first fails while a column still uses it).
 *
 * @example
 * ```ts
 * stageDroppedType(buckets, operations.dropEnum("mood", { existingValues: ["sad", "ok"] }));
 * ```
 */
export function stageDroppedType(buckets: RecipeBuckets, op: DropEnum): void {
  buckets.add("drop", operationGroup([op]));
}

/** True when `op` can be undone (its downgrade is automatic). */
export function isReversible(op: Operation): boolean {
  try {
    reverse(op);
    return true;
  } catch {
    return false;
  }
}
