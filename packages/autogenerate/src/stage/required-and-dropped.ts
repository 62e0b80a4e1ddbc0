import type { Operation } from "@athanor/core";
import { claim, type StagingScan } from "./column-moves.js";
import { stageRequiredColumn } from "./column-recipes.js";
import { isReversible, stageDroppedColumn, stageDroppedTable, stageDroppedType } from "./drop-recipes.js";
import { isSerialType } from "./in-place-ignores.js";
import { findTable, sameTable, tableLabel } from "./table-lookup.js";

/**
 * Stages what is left of the unsafe changes once the column moves are known: a NOT NULL column
 * without a default added to an existing table, a dropped column, a dropped table (with its
 * indexes and constraints), and — when a drop or a move went to a later revision — the enum types
 * the differ drops after the columns that used them. Each staged operation is claimed.
 *
 * @example
 * ```ts
 * stageRequiredAndDropped(scan, moves.length > 0);
 * ```
 */
export function stageRequiredAndDropped(scan: StagingScan, anyMove: boolean): void {
  const { ops, claimed, buckets } = scan;
  for (const op of ops) {
    if (claimed.has(ops.indexOf(op))) continue;
    if (op.kind === "addColumn") {
      const c = op.column;
      if (
        c.nullable ||
        c.default !== undefined ||
        c.identity !== undefined ||
        c.generated !== undefined ||
        isSerialType(c.type)
      )
        continue;
      if (findTable(buckets.ctx, scan.live, op.table) === undefined) continue;
      claim(scan, op);
      stageRequiredColumn(buckets, op);
    } else if (op.kind === "dropColumn" && isReversible(op) && !isReadded(ops, op)) {
      claim(scan, op);
      stageDroppedColumn(buckets, op);
    } else if (op.kind === "dropTable" && isReversible(op)) {
      const dependents = ops.filter(
        (o) =>
          !claimed.has(ops.indexOf(o)) &&
          (o.kind === "dropIndex" || o.kind === "dropConstraint") &&
          sameTable(o.table, op.table) &&
          isReversible(o),
      );
      for (const o of [...dependents, op]) claim(scan, o);
      stageDroppedTable(buckets, op, dependents);
    }
  }

  // The differ drops enum types after the columns that use them; a column whose drop is staged
  // into a later revision takes the drop of the types with it.
  if (buckets.groups("drop").length === 0 && !anyMove) return;
  const created = new Set(ops.flatMap((o) => (o.kind === "createEnum" ? [tableLabel(o.name)] : [])));
  for (const op of ops) {
    if (op.kind !== "dropEnum" || claimed.has(ops.indexOf(op)) || created.has(tableLabel(op.name))) continue;
    if (!isReversible(op)) continue;
    claim(scan, op);
    stageDroppedType(buckets, op);
  }
}

/** A column dropped to be added again at once (a new generation expression) is no staged drop. */
function isReadded(ops: readonly Operation[], drop: Operation & { kind: "dropColumn" }): boolean {
  return ops.some(
    (o) => o.kind === "addColumn" && sameTable(o.table, drop.table) && o.column.name === drop.column,
  );
}
