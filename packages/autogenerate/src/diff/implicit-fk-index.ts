import type { IndexModel, TableModel } from "@athanor/core";

/** The leading key columns of every index, unique and primary key of `table`, except `skip`. */
function keyColumnLists(table: TableModel, skip?: string): (readonly string[])[] {
  const lists: (readonly string[])[] = [];
  if (table.primaryKey !== null) lists.push(table.primaryKey.columns);
  for (const u of table.uniques) if (u.name !== skip) lists.push(u.columns);
  for (const i of table.indexes) {
    if (i.name === skip) continue;
    const columns: string[] = [];
    for (const key of i.keys) {
      if (key.kind !== "column") break;
      columns.push(key.column);
    }
    lists.push(columns);
  }
  return lists;
}

const covers = (list: readonly string[], columns: readonly string[]) =>
  columns.length <= list.length && columns.every((c, i) => list[i] === c);

/**
 * True when `index` of the live table is the index InnoDB created by itself for a foreign key
 * (named after the key, on exactly its columns) that the models keep, and the models give the
 * key another index to use. The server drops such an index on its own as soon as the covering
 * index is created, and refuses to drop it before (error 1553), so the differ leaves it alone.
 *
 * @example
 * ```ts
 * isServerManagedFkIndex(have.indexes[0], want, have); // true for `c_fk` once `c_p_at_idx` is modelled
 * ```
 */
export function isServerManagedFkIndex(index: IndexModel, want: TableModel, have: TableModel): boolean {
  const columns = keptForeignKeyColumns(index, want, have);
  if (columns === undefined) return false;
  const otherLive = keyColumnLists(have, index.name).some((list) => covers(list, columns));
  const inModels = keyColumnLists(want, index.name).some((list) => covers(list, columns));
  return !otherLive && inModels;
}

/**
 * True when `index` of the models is the server's own index of a foreign key that the live
 * table keeps, and the upgrade drops the key's last other index: MySQL's `dropIndex` then
 * adds exactly this index (see the dialect's renderer), so creating it as well would fail
 * with a duplicate key name.
 *
 * @example
 * ```ts
 * isRestoredFkIndex(want.indexes[0], want, have); // true for `c_fk` once `c_p_at_idx` is dropped
 * ```
 */
export function isRestoredFkIndex(index: IndexModel, want: TableModel, have: TableModel): boolean {
  const columns = keptForeignKeyColumns(index, want, have);
  if (columns === undefined || have.indexes.some((i) => i.name === index.name)) return false;
  return !keyColumnLists(want, index.name).some((list) => covers(list, columns));
}

/** The columns of the foreign key `index` is named after, when both sides have it alike and the index is on exactly them. */
function keptForeignKeyColumns(
  index: IndexModel,
  want: TableModel,
  have: TableModel,
): readonly string[] | undefined {
  const fk = have.foreignKeys.find((f) => f.name === index.name);
  const kept = want.foreignKeys.find((f) => f.name === index.name);
  if (fk === undefined || kept === undefined) return undefined;
  if (fk.columns.length !== kept.columns.length || !covers(fk.columns, kept.columns)) return undefined;
  const own = index.keys.map((k) => (k.kind === "column" ? k.column : ""));
  if (own.length !== fk.columns.length || !covers(own, fk.columns)) return undefined;
  return fk.columns;
}
