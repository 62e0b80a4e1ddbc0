import { type IndexModel, type NameInput, type Operation, operations, type TableModel } from "@athanor/core";
import { type ColumnSite, diffColumn } from "./diff-columns.js";
import { isRestoredFkIndex, isServerManagedFkIndex } from "./implicit-fk-index.js";
import {
  checkOptions,
  columnInput,
  foreignKeyInput,
  indexInput,
  isPostgres,
  type NameContext,
  nameOf,
  uniqueOptions,
} from "./model-to-input.js";
import type { Phase } from "./phases.js";
import { quoteQualifiedName } from "./raw-sql.js";
import { same } from "./same.js";

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
 * items only in (or changed in) `want`. A changed item is dropped and re-added.
 */
function pairNamed<T extends { readonly name: string }>(
  want: readonly T[],
  have: readonly T[],
  drop: (item: T) => void,
  add: (item: T) => void,
  changedOnly?: (want: T, have: T) => boolean,
): void {
  const wantByName = byName(want);
  const haveByName = byName(have);
  const replaced = new Set<string>();
  for (const h of have) {
    const w = wantByName.get(h.name);
    if (w === undefined) drop(h);
    else if (!same(w, h) && changedOnly?.(w, h) !== true) {
      drop(h);
      replaced.add(h.name);
    }
  }
  for (const w of want) if (!haveByName.has(w.name) || replaced.has(w.name)) add(w);
}

/**
 * `createIndex` for an index of the model, then (PostgreSQL) its storage parameters, which
 * `createIndex` has no field for, as `ALTER INDEX ... SET (...)` with its inverse.
 * `createIndexOps(ctx, "users", index)`
 */
export function createIndexOps(ctx: NameContext, table: NameInput, index: IndexModel): Operation[] {
  const { keys, ...options } = indexInput(ctx, index);
  return [
    operations.createIndex(index.name, table, keys, options),
    ...storageSteps(ctx, table, index, "set"),
  ];
}

/**
 * `dropIndex` recording the whole index, preceded by the reset of its storage parameters so the
 * downgrade restores them too. `dropIndexOps(ctx, "users", index)`
 */
export function dropIndexOps(ctx: NameContext, table: NameInput, index: IndexModel): Operation[] {
  return [
    ...storageSteps(ctx, table, index, "reset"),
    operations.dropIndex(index.name, table, { existing: indexInput(ctx, index) }),
  ];
}

function storageSteps(
  ctx: NameContext,
  table: NameInput,
  index: IndexModel,
  way: "set" | "reset",
): Operation[] {
  if (!isPostgres(ctx.dialect) || index.with.length === 0) return [];
  const schema = typeof table === "string" ? ctx.defaultSchema : (table.schema ?? ctx.defaultSchema);
  const name = quoteQualifiedName(ctx, schema, index.name);
  const set = `ALTER INDEX ${name} SET (${index.with.join(", ")})`;
  const reset = `ALTER INDEX ${name} RESET (${index.with.map((w) => w.split("=")[0]).join(", ")})`;
  return [
    way === "set" ? operations.execute(set, { down: reset }) : operations.execute(reset, { down: set }),
  ];
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
  for (const w of want.columns) {
    const h = haveColumns.get(w.name);
    if (h === undefined)
      add("columns", operations.addColumn(table, columnInput(ctx, w, serial.want.has(w.name), lost)));
    else if (!same(w, h)) diffColumn(site, w, h, serial.want.has(w.name));
  }
  for (const h of have.columns) {
    if (!wantColumns.has(h.name)) {
      add(
        "dropColumns",
        operations.dropColumn(table, h.name, {
          existing: columnInput(ctx, h, serial.have.has(h.name), lost),
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
  );
  pairNamed(
    want.indexes,
    have.indexes,
    (i) => {
      if (!isPostgres(ctx.dialect) && isServerManagedFkIndex(i, want, have)) return;
      phases.add("dropIndexes", ...dropIndexOps(ctx, table, i));
    },
    (i) => {
      if (!isPostgres(ctx.dialect) && isRestoredFkIndex(i, want, have)) return;
      phases.add("addIndexes", ...createIndexOps(ctx, table, i));
    },
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
