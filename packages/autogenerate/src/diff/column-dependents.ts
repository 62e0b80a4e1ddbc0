import type { CheckModel, ColumnModel, IndexModel, TableModel, UniqueModel } from "@athanor/core";

// A column dropped and added again takes the table's indexes and constraints on it along
// (PostgreSQL drops them; MySQL drops them or quietly removes the column from a multi-column
// index). The differ drops and recreates each of them explicitly around the column, so the
// upgrade ends with them and the downgrade recreates the old ones.

/** True when `text` names `column` as a whole word, bare or quoted. `mentions("lower(email)", "email") === true` */
function mentions(text: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_$])["\`]?${escaped}["\`]?($|[^A-Za-z0-9_$])`).test(text);
}

/** True when the index has `column` as a key, an included column, in a key expression or its predicate. */
export function indexUses(index: IndexModel, column: string): boolean {
  return (
    index.keys.some((k) => (k.kind === "column" ? k.column === column : mentions(k.expression, column))) ||
    index.include.includes(column) ||
    (index.where !== null && mentions(index.where, column))
  );
}

/** True when the unique constraint covers `column`. */
export function uniqueUses(unique: UniqueModel, column: string): boolean {
  return unique.columns.includes(column);
}

/** True when `generated` (a generated column) computes from `column`. */
export function generationUses(generated: ColumnModel, column: string): boolean {
  return generated.generated !== null && mentions(generated.generated.expression, column);
}

/** True when the check's condition mentions `column`. */
export function checkUses(check: CheckModel, column: string): boolean {
  return mentions(check.expression, column);
}

/**
 * The indexes, uniques and checks of `table` that use any of `columns`.
 *
 * @example
 * ```ts
 * dependentsOf(table, new Set(["total"])).indexes.map((i) => i.name); // ["t_total_idx"]
 * ```
 */
export function dependentsOf(
  table: TableModel,
  columns: ReadonlySet<string>,
): {
  readonly indexes: readonly IndexModel[];
  readonly uniques: readonly UniqueModel[];
  readonly checks: readonly CheckModel[];
} {
  const any =
    <T>(uses: (item: T, column: string) => boolean) =>
    (item: T) =>
      [...columns].some((c) => uses(item, c));
  return {
    indexes: table.indexes.filter(any(indexUses)),
    uniques: table.uniques.filter(any(uniqueUses)),
    checks: table.checks.filter(any(checkUses)),
  };
}
