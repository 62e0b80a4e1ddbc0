import type { IndexModel, TableModel } from "./schema-model.js";

/** The parts of a table that decide which of its foreign keys an index covers. */
export type KeyedTable = Pick<TableModel, "primaryKey" | "uniques" | "indexes" | "foreignKeys">;

/**
 * The foreign keys of `table` that no key or index starts with: the ones InnoDB gives an index of
 * their own, named after the key. `except`: an index not to count (the key's own, when asking
 * whether it is still needed).
 *
 * @example
 * ```ts
 * uncoveredForeignKeys(orders).map((fk) => columnIndexModel(fk.name, fk.columns, false));
 * ```
 */
export function uncoveredForeignKeys(
  table: KeyedTable,
  except?: IndexModel,
): TableModel["foreignKeys"][number][] {
  const covering = [
    ...(table.primaryKey === null ? [] : [table.primaryKey.columns]),
    ...table.uniques.map((u) => u.columns),
    ...table.indexes.filter((i) => i !== except).map(leadingColumns),
  ];
  return table.foreignKeys.filter(
    (fk) =>
      !covering.some((list) => fk.columns.length <= list.length && fk.columns.every((c, i) => list[i] === c)),
  );
}

/** The plain columns an index starts with, up to its first expression. */
function leadingColumns(index: IndexModel): string[] {
  const out: string[] = [];
  for (const k of index.keys) {
    if (k.kind !== "column") break;
    out.push(k.column);
  }
  return out;
}
