import {
  type AlterColumnInput,
  type ColumnModel,
  type GeneratedModel,
  type Operation,
  operations,
} from "@athanor/core";
import { dependentsOf, generationUses } from "./column-dependents.js";
import { type ColumnSite, plainChanges, type TablePair } from "./column-site.js";
import { createIndexOps, dropIndexOps } from "./index-ops.js";
import { checkOptions, columnInput, nameOf, uniqueOptions } from "./model-to-input.js";
import { same } from "./same.js";

// What each server can do to a column's generation in place, measured on PostgreSQL 15 and
// MariaDB 10.11:
// - MariaDB MODIFY COLUMN changes the expression of a stored or of a virtual column, makes a
//   stored column plain (values kept) and a plain one stored, keeping indexes; anything that
//   turns a virtual column into something else (or something into a virtual one) is refused
//   (error 1907).
// - PostgreSQL 15 has DROP EXPRESSION (generated → plain, values kept) and nothing else:
//   SET EXPRESSION is PostgreSQL 17. A new expression means dropping the column and adding
//   it again, with the indexes and constraints on it.
// Data is kept where it means something: a column that becomes plain keeps the values it had.

/**
 * Emits a change of `have.generated` to `want.generated` (and the column's other changes with
 * it). Returns `replaced` when the column is dropped and added again: the caller then drops
 * and recreates the indexes and constraints on it.
 *
 * @example
 * ```ts
 * diffGeneration(site, want, have, tables); // "altered" for MariaDB, "replaced" for a new PostgreSQL expression
 * ```
 */
export function diffGeneration(
  site: ColumnSite,
  want: ColumnModel,
  have: ColumnModel,
  tables: TablePair,
): "altered" | "replaced" {
  if (site.ctx.hooks.generatedChange === "drop-expression") {
    if (want.generated === null) {
      // Before any type change of the columns it computed from (see retypedSources).
      const op = alterColumnOp(site, want, have);
      site.phases.add("dropGenerated", op);
      site.inverses.set(op, rebuildColumn(site, have, want, tables));
      return "altered";
    }
    const [drop, add] = replaceColumn(site, want, have, tables);
    // Back to a plain column: DROP EXPRESSION keeps the computed values instead of a blank column.
    if (have.generated === null) {
      site.inverses.set(add, [alterColumnOp(site, have, want)]);
      site.inverses.set(drop, []);
    }
    return "replaced";
  }
  const wantVirtual = want.generated?.storage === "virtual";
  const haveVirtual = have.generated?.storage === "virtual";
  if (wantVirtual === haveVirtual) {
    alterInPlace(site, want, have);
    return "altered";
  }
  if (haveVirtual && want.generated === null) {
    // Virtual → plain: re-added stored (values computed), then made plain (values kept).
    const stored = asStored(have, have.generated);
    replaceColumn(site, stored, have, tables);
    alterInPlace(site, want, stored);
    return "replaced";
  }
  if (wantVirtual && have.generated === null) {
    // Plain → virtual: made stored in place first, so the downgrade ends with the computed values.
    const stored = asStored(want, want.generated);
    alterInPlace(site, stored, have);
    replaceColumn(site, want, stored, tables);
    return "replaced";
  }
  replaceColumn(site, want, have, tables);
  return "replaced";
}

function asStored(column: ColumnModel, generated: GeneratedModel | null): ColumnModel {
  return { ...column, generated: generated === null ? null : { ...generated, storage: "stored" } };
}

/** One `alterColumn` turning `have` into `want`, generation included. */
function alterColumnOp(site: ColumnSite, want: ColumnModel, have: ColumnModel): Operation {
  const changes = plainChanges(site, want, have);
  if (!same(want.generated, have.generated)) {
    changes.generated = specOf(want.generated);
    changes.existingGenerated = specOf(have.generated);
  }
  return operations.alterColumn(
    nameOf(site.ctx, site.schema, site.table),
    want.name,
    changes as AlterColumnInput,
  );
}

function alterInPlace(site: ColumnSite, want: ColumnModel, have: ColumnModel): Operation {
  const op = alterColumnOp(site, want, have);
  site.phases.add("columns", op);
  return op;
}

function specOf(generated: GeneratedModel | null) {
  if (generated === null) return null;
  return generated.storage === "virtual"
    ? { expression: generated.expression, storage: "virtual" as const }
    : { expression: generated.expression };
}

/** `dropColumn` of `have` then `addColumn` of `want`, in the columns phase. */
function replaceColumn(
  site: ColumnSite,
  want: ColumnModel,
  have: ColumnModel,
  tables: TablePair,
): [Operation, Operation] {
  const { ctx } = site;
  const table = nameOf(ctx, site.schema, site.table);
  const lost: string[] = [];
  const drop = operations.dropColumn(table, have.name, {
    existing: columnInput(ctx, have, tables.serial.have.has(have.name), lost),
  });
  const add = operations.addColumn(table, columnInput(ctx, want, tables.serial.want.has(want.name), lost));
  site.phases.add("columns", drop, add);
  for (const what of lost)
    site.notes.push(`${site.table}.${have.name}: ${what} cannot be written exactly; check it.`);
  return [drop, add];
}

/**
 * The steps that turn column `from` (plain, as the upgrade left it) back into `to` by
 * dropping and adding it, with the indexes and constraints on it that the upgrade kept.
 */
function rebuildColumn(site: ColumnSite, to: ColumnModel, from: ColumnModel, tables: TablePair): Operation[] {
  const { ctx } = site;
  const table = nameOf(ctx, site.schema, site.table);
  const used = dependentsOf(tables.have, new Set([to.name]));
  const kept = <T extends { readonly name: string }>(items: readonly T[], wanted: readonly T[]) =>
    items.filter((i) => wanted.some((w) => same(w, i)));
  const indexes = kept(used.indexes, tables.want.indexes);
  const uniques = kept(used.uniques, tables.want.uniques);
  const checks = kept(used.checks, tables.want.checks);
  const lost: string[] = [];
  return [
    ...checks.map((c) =>
      operations.dropConstraint(c.name, table, {
        existing: { type: "check", expression: c.expression, ...checkOptions(c) },
      }),
    ),
    ...uniques.map((u) =>
      operations.dropConstraint(u.name, table, {
        existing: { type: "unique", columns: u.columns, ...uniqueOptions(u) },
      }),
    ),
    ...indexes.flatMap((i) => dropIndexOps(ctx, table, i)),
    operations.dropColumn(table, from.name, { existing: columnInput(ctx, from, false, lost) }),
    operations.addColumn(table, columnInput(ctx, to, tables.serial.have.has(to.name), lost)),
    ...indexes.flatMap((i) => createIndexOps(ctx, table, i)),
    ...uniques.map((u) => operations.addUnique(u.name, table, u.columns, uniqueOptions(u))),
    ...checks.map((c) => operations.addCheck(c.name, table, c.expression, checkOptions(c))),
  ];
}

/**
 * PostgreSQL refuses to change the type of a column a generated column computes from ("cannot
 * alter type of a column used by a generated column"). Such generated columns (still generated
 * in the models) are dropped before the column steps and added again after them; returns their
 * names, for the caller to rebuild what sits on them and to skip them otherwise.
 *
 * @example
 * ```ts
 * retypedSources(site, tables); // Set { "label" } when name's type changes and label = lower(name)
 * ```
 */
export function retypedSources(site: ColumnSite, tables: TablePair): Set<string> {
  const out = new Set<string>();
  if (site.ctx.hooks.generatedChange !== "drop-expression") return out;
  const retyped = tables.want.columns.filter((w) => {
    const h = tables.have.columns.find((c) => c.name === w.name);
    return h !== undefined && h.type !== w.type;
  });
  const { ctx } = site;
  const table = nameOf(ctx, site.schema, site.table);
  for (const h of tables.have.columns) {
    const w = tables.want.columns.find((c) => c.name === h.name);
    if (w === undefined || w.generated === null || h.generated === null) continue;
    if (!retyped.some((r) => r.name !== h.name && generationUses(h, r.name))) continue;
    const lost: string[] = [];
    site.phases.add(
      "dropGenerated",
      operations.dropColumn(table, h.name, { existing: columnInput(ctx, h, false, lost) }),
    );
    site.phases.add("addGenerated", operations.addColumn(table, columnInput(ctx, w, false, lost)));
    for (const what of lost)
      site.notes.push(`${site.table}.${h.name}: ${what} cannot be written exactly; check it.`);
    out.add(h.name);
  }
  return out;
}
