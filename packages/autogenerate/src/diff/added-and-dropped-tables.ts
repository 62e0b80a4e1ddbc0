import { operations, type SchemaModel, type TableModel } from "@athanor/core";
import { isForeignKeyIndex } from "./filter-model.js";
import { createIndexOps, dropIndexOps } from "./index-ops.js";
import { foreignKeyInput, type NameContext, nameOf, tableInput } from "./model-to-input.js";
import type { Phases } from "./phases.js";
import { creationOrder } from "./table-order.js";

/**
 * Columns of `table` whose default is `nextval` of a sequence they own: written as `serial`.
 *
 * @example
 * ```ts
 * serialColumnsOf(model, users); // Set { "id" }
 * ```
 */
export function serialColumnsOf(model: SchemaModel, table: TableModel): Set<string> {
  const owned = model.sequences.filter((s) => s.schema === table.schema && s.ownedBy?.table === table.name);
  return new Set(
    table.columns
      .filter((c) => c.default?.startsWith("nextval(") && owned.some((s) => s.ownedBy?.column === c.name))
      .map((c) => c.name),
  );
}

/**
 * `createTable` for each table of `tables` (of the desired `model`), referenced before
 * referencing, with the keys of reference cycles added afterwards, and their indexes (not those
 * the server makes for a foreign key itself). `lost` collects what a definition cannot carry.
 *
 * @example
 * ```ts
 * addTables(ctx, want, newTables, phases, lost);
 * ```
 */
export function addTables(
  ctx: NameContext,
  model: SchemaModel,
  tables: readonly TableModel[],
  phases: Phases,
  lost: string[],
): void {
  const added = creationOrder(tables);
  for (const t of added.order) {
    const deferred = added.deferred.get(t) ?? [];
    const name = nameOf(ctx, t.schema, t.name);
    const definition = tableInput(ctx, t, {
      foreignKeys: t.foreignKeys.filter((f) => !deferred.includes(f)),
      serialColumns: serialColumnsOf(model, t),
      lost,
    });
    phases.add("createTables", operations.createTable(name, definition));
    for (const f of deferred)
      phases.add("addForeignKeys", operations.addForeignKey(f.name, name, foreignKeyInput(ctx, f)));
    // MySQL creates (and drops) a foreign key's own index with the table.
    for (const i of t.indexes)
      if (!ctx.hooks.serverManagedForeignKeyIndexes || !isForeignKeyIndex(t, i))
        phases.add("addIndexes", ...createIndexOps(ctx, name, i));
  }
}

/**
 * `dropTable` for each table of `tables` (of the live `model`) in the reverse of creation order,
 * each recording its whole definition, after the keys of reference cycles and its indexes are
 * dropped explicitly, so the downgrade recreates all of them.
 *
 * @example
 * ```ts
 * dropTables(ctx, have, goneTables, phases, lost);
 * ```
 */
export function dropTables(
  ctx: NameContext,
  model: SchemaModel,
  tables: readonly TableModel[],
  phases: Phases,
  lost: string[],
): void {
  const dropped = creationOrder(tables);
  for (const t of [...dropped.order].reverse()) {
    const deferred = dropped.deferred.get(t) ?? [];
    const name = nameOf(ctx, t.schema, t.name);
    for (const f of deferred) {
      phases.add(
        "dropTableDependents",
        operations.dropConstraint(f.name, name, {
          existing: { type: "foreignKey", ...foreignKeyInput(ctx, f) },
        }),
      );
    }
    // Dropped explicitly (not with the table) so the downgrade recreates them.
    for (const i of t.indexes)
      if (!ctx.hooks.serverManagedForeignKeyIndexes || !isForeignKeyIndex(t, i))
        phases.add("dropTableDependents", ...dropIndexOps(ctx, name, i));
    const existing = tableInput(ctx, t, {
      foreignKeys: t.foreignKeys.filter((f) => !deferred.includes(f)),
      serialColumns: serialColumnsOf(model, t),
      lost,
    });
    phases.add("dropTables", operations.dropTable(name, { existing }));
  }
}
