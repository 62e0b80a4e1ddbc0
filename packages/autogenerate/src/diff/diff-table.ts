import {
  type ColumnModel,
  type ColumnPosition,
  type Operation,
  operations,
  type TableModel,
} from "@athanor/core";
import { checkUses, indexUses, uniqueUses } from "./column-dependents.js";
import type { ColumnSite } from "./column-site.js";
import { diffColumn } from "./diff-columns.js";
import { retypedSources } from "./diff-generation.js";
import { isRestoredFkIndex, isServerManagedFkIndex } from "./implicit-fk-index.js";
import { createIndexOps, dropIndexOps } from "./index-ops.js";
import { checkOptions, columnInput, foreignKeyInput, nameOf, uniqueOptions } from "./model-to-input.js";
import type { Phase } from "./phases.js";
import { same } from "./same.js";

export { createIndexOps, dropIndexOps } from "./index-ops.js";

/** Serial columns of one table on each side (columns owning the sequence of their `nextval` default). */
export interface SerialColumns {
  readonly want: ReadonlySet<string>;
  readonly have: ReadonlySet<string>;
}

function byName<T extends { readonly name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.name, i]));
}

/**
 * Pairs two named collections: `drop` for items only in (or changed in) `have`, `add` for
 * items only in (or changed in) `want`. A changed item is dropped and re-added, and so is an
 * unchanged one that `rebuilt` names (it sits on a column that is dropped and added again).
 */
function pairNamed<T extends { readonly name: string }>(
  want: readonly T[],
  have: readonly T[],
  drop: (item: T) => void,
  add: (item: T) => void,
  changedOnly?: (want: T, have: T) => boolean,
  rebuilt?: (item: T) => boolean,
): void {
  const wantByName = byName(want);
  const haveByName = byName(have);
  const replaced = new Set<string>();
  for (const h of have) {
    const w = wantByName.get(h.name);
    if (w === undefined) drop(h);
    else if (rebuilt?.(h) === true || (!same(w, h) && changedOnly?.(w, h) !== true)) {
      drop(h);
      replaced.add(h.name);
    }
  }
  for (const w of want) if (!haveByName.has(w.name) || replaced.has(w.name)) add(w);
}

/**
 * Emits what turns live table `have` into `want` (same schema and name, renames already
 * applied): columns added, dropped and altered; primary key, uniques, checks, indexes and
 * foreign keys dropped, added or replaced; the table comment.
 */
export function diffTable(site: ColumnSite, want: TableModel, have: TableModel, serial: SerialColumns): void {
  const { ctx, phases } = site;
  const table = nameOf(ctx, want.schema, want.name);
  const lost: string[] = [];
  const add = (phase: Phase, op: Operation) => phases.add(phase, op);

  const haveColumns = byName(have.columns);
  const wantColumns = byName(want.columns);
  // Columns dropped and added again: whatever sits on them is rebuilt too.
  const rebuilt = retypedSources(site, { want, have, serial });
  for (const w of want.columns) {
    const h = haveColumns.get(w.name);
    if (rebuilt.has(w.name)) continue;
    if (h === undefined)
      add("columns", operations.addColumn(table, columnInput(ctx, w, serial.want.has(w.name), lost)));
    else if (!same(w, h) && diffColumn(site, w, h, { want, have, serial }) === "replaced")
      rebuilt.add(w.name);
  }
  const on =
    <T>(uses: (item: T, column: string) => boolean) =>
    (item: T) =>
      [...rebuilt].some((c) => uses(item, c));
  for (const [i, h] of have.columns.entries()) {
    if (!wantColumns.has(h.name)) {
      const existingPosition = ctx.hooks.placesColumns
        ? standingAfter(have.columns, i, wantColumns)
        : undefined;
      add(
        "dropColumns",
        operations.dropColumn(table, h.name, {
          existing: columnInput(ctx, h, serial.have.has(h.name), lost),
          ...(existingPosition === undefined ? {} : { existingPosition }),
        }),
      );
    }
  }

  if (!same(want.primaryKey, have.primaryKey)) {
    if (have.primaryKey !== null) {
      add(
        "dropConstraints",
        operations.dropConstraint(have.primaryKey.name, table, {
          existing: { type: "primaryKey", columns: have.primaryKey.columns },
        }),
      );
    }
    if (want.primaryKey !== null)
      add("addConstraints", operations.addPrimaryKey(want.primaryKey.name, table, want.primaryKey.columns));
  }
  pairNamed(
    want.uniques,
    have.uniques,
    (u) =>
      add(
        "dropConstraints",
        operations.dropConstraint(u.name, table, {
          existing: { type: "unique", columns: u.columns, ...uniqueOptions(u) },
        }),
      ),
    (u) => add("addConstraints", operations.addUnique(u.name, table, u.columns, uniqueOptions(u))),
    undefined,
    on(uniqueUses),
  );
  pairNamed(
    want.checks,
    have.checks,
    (c) =>
      add(
        "dropConstraints",
        operations.dropConstraint(c.name, table, {
          existing: { type: "check", expression: c.expression, ...checkOptions(c) },
        }),
      ),
    (c) => add("addConstraints", operations.addCheck(c.name, table, c.expression, checkOptions(c))),
    undefined,
    on(checkUses),
  );
  pairNamed(
    want.indexes,
    have.indexes,
    (i) => {
      if (ctx.hooks.serverManagedForeignKeyIndexes && isServerManagedFkIndex(i, want, have)) return;
      phases.add("dropIndexes", ...dropIndexOps(ctx, table, i));
    },
    (i) => {
      if (ctx.hooks.serverManagedForeignKeyIndexes && isRestoredFkIndex(i, want, have)) return;
      phases.add("addIndexes", ...createIndexOps(ctx, table, i));
    },
    undefined,
    on(indexUses),
  );
  pairNamed(
    want.foreignKeys,
    have.foreignKeys,
    (f) =>
      add(
        "dropForeignKeys",
        operations.dropConstraint(f.name, table, {
          existing: { type: "foreignKey", ...foreignKeyInput(ctx, f) },
        }),
      ),
    (f) => add("addForeignKeys", operations.addForeignKey(f.name, table, foreignKeyInput(ctx, f))),
    (w, h) => {
      // Only validation differs: VALIDATE CONSTRAINT instead of a drop and re-add.
      const onlyValidation = w.validated && !h.validated && same({ ...w, validated: false }, h);
      if (onlyValidation) add("addForeignKeys", operations.validateConstraint(w.name, table));
      return onlyValidation;
    },
  );

  if (want.comment !== have.comment)
    add("columns", operations.setTableComment(table, want.comment, { existing: have.comment }));
  for (const what of lost) site.notes.push(`${want.name}: ${what} cannot be written exactly; check it.`);
}

/**
 * Where dropped column `columns[index]` stood, named by a column that is still there when the
 * downgrade re-adds it: the nearest one before it that the models keep. Drops run in column
 * order, so their reverses run right to left and each lands after the same kept neighbour, in
 * the original order.
 */
function standingAfter(
  columns: readonly ColumnModel[],
  index: number,
  kept: ReadonlyMap<string, unknown>,
): ColumnPosition {
  for (let i = index - 1; i >= 0; i--) {
    const before = columns[i]?.name;
    if (before !== undefined && kept.has(before)) return { after: before };
  }
  return { first: true };
}
