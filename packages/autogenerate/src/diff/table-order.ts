import type { ForeignKeyModel, TableModel } from "@athanor/core";

/**
 * The order in which to create `tables` so that a foreign key can be declared inline whenever
 * it references an existing table, itself, or a table created before it; the keys of a
 * reference cycle that cannot be inline are returned in `deferred` (add them after every
 * table exists; drop them before any of these tables goes). Stable: unrelated tables keep
 * their given order.
 *
 * @example
 * ```ts
 * const { order, deferred } = creationOrder([orders, users]); // order: [users, orders]
 * ```
 */
export function creationOrder(tables: readonly TableModel[]): {
  order: TableModel[];
  deferred: Map<TableModel, ForeignKeyModel[]>;
} {
  const id = (schema: string, name: string) => `${schema}\u0000${name}`;
  const byId = new Map(tables.map((t) => [id(t.schema, t.name), t]));
  const state = new Map<string, "visiting" | "done">();
  const order: TableModel[] = [];
  const deferred = new Map<TableModel, ForeignKeyModel[]>();

  const visit = (table: TableModel): void => {
    const self = id(table.schema, table.name);
    state.set(self, "visiting");
    for (const fk of table.foreignKeys) {
      const target = id(fk.referencedSchema, fk.referencedTable);
      const referenced = byId.get(target);
      if (referenced === undefined || target === self) continue;
      const seen = state.get(target);
      if (seen === undefined) visit(referenced);
      else if (seen === "visiting") deferred.set(table, [...(deferred.get(table) ?? []), fk]);
    }
    state.set(self, "done");
    order.push(table);
  };
  for (const table of tables) if (!state.has(id(table.schema, table.name))) visit(table);
  return { order, deferred };
}
