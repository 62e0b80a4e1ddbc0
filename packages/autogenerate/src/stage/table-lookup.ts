import {
  type ColumnModel,
  mentionsName,
  type Operation,
  type QualifiedName,
  type SchemaModel,
  type TableModel,
} from "@athanor/core";
import { checkUses, generationUses, indexUses } from "../diff/column-dependents.js";
import type { NameContext } from "../diff/model-to-input.js";

/**
 * The model's table an operation names. Where a schema is a database (MySQL) there is one per
 * connection, so the name alone decides (the models' database names differ between scratch and live).
 *
 * @example
 * ```ts
 * findTable(ctx, live, { name: "users" })?.columns;
 * ```
 */
export function findTable(
  ctx: NameContext,
  model: SchemaModel,
  table: QualifiedName,
): TableModel | undefined {
  const schema = table.schema ?? ctx.defaultSchema;
  return model.tables.find(
    (t) => t.name === table.name && (ctx.hooks.schemasAreDatabases || t.schema === schema),
  );
}

/** A column of a table, by name. `findColumn(users, "email")` */
export function findColumn(table: TableModel | undefined, name: string): ColumnModel | undefined {
  return table?.columns.find((c) => c.name === name);
}

/**
 * Why a column cannot be moved through an added column (a rename or a rewriting type change
 * done in stages), or `undefined` when it can: keys, uniques and foreign keys would have to
 * move with it, identity or generated columns cannot be filled by a trigger, and a generated
 * column computing from it would have to be re-created over the new column (PostgreSQL even
 * refuses to drop the old one under it) while running code reads it.
 *
 * @example
 * ```ts
 * unmovableReason(live, usersTable, "id"); // "it is part of the primary key"
 * ```
 */
export function unmovableReason(model: SchemaModel, table: TableModel, column: string): string | undefined {
  const c = findColumn(table, column);
  if (c === undefined) return "the column is not in the model";
  if (c.identity !== null) return "it is an identity / auto-increment column";
  if (c.generated !== null) return "it is a generated column";
  const computed = table.columns.filter((g) => g.name !== column && generationUses(g, column));
  if (computed.length > 0)
    return `generated column ${computed.map((g) => g.name).join(", ")} computes from it`;
  if (table.primaryKey?.columns.includes(column) === true) return "it is part of the primary key";
  if (table.uniques.some((u) => u.columns.includes(column))) return "it is part of a unique constraint";
  if (table.foreignKeys.some((f) => f.columns.includes(column))) return "it is part of a foreign key";
  const referenced = model.tables.some((t) =>
    t.foreignKeys.some(
      (f) =>
        f.referencedTable === table.name &&
        f.referencedSchema === table.schema &&
        f.referencedColumns.includes(column),
    ),
  );
  if (referenced) return "a foreign key references it";
  return undefined;
}

/**
 * Indexes of `table` that use `column`: as a key, in a key expression, INCLUDEd, or in the
 * predicate of a partial index. Dropping the column drops each of them, so a move recreates them.
 */
export function indexesOn(table: TableModel, column: string): TableModel["indexes"] {
  return table.indexes.filter((i) => indexUses(i, column));
}

/** CHECK constraints of `table` whose condition names `column` (dropped with the column on PostgreSQL). */
export function checksOn(table: TableModel, column: string): TableModel["checks"] {
  return table.checks.filter((c) => checkUses(c, column));
}

/** True when `op` is an index operation on `table` whose index uses one of `columns` (predicate too). */
export function isIndexOpOn(op: Operation, table: QualifiedName, columns: readonly string[]): boolean {
  if (op.kind !== "createIndex" && op.kind !== "dropIndex") return false;
  if (!sameTable(op.table, table)) return false;
  const definition = op.kind === "createIndex" ? op : op.existing;
  if (definition === undefined) return false;
  const used = [
    ...definition.keys.map((k) => k.column ?? k.expression ?? ""),
    ...(definition.include ?? []),
    definition.where ?? "",
  ];
  // whole words only: an index on `page` is not on `age` (a claimed index the recipe does not recreate is lost)
  return used.some((u) => columns.some((c) => u === c || mentionsName(u, c)));
}

/** True when `op` adds or drops a CHECK on `table` whose condition names one of `columns`. */
export function isCheckOpOn(op: Operation, table: QualifiedName, columns: readonly string[]): boolean {
  let expression: string | undefined;
  if (op.kind === "addCheck" && sameTable(op.table, table)) expression = op.expression;
  if (op.kind === "dropConstraint" && op.existing?.type === "check" && sameTable(op.table, table))
    expression = op.existing.expression;
  if (expression === undefined) return false;
  const check = { name: "", expression, validated: true };
  return columns.some((c) => checkUses(check, c));
}

export { tableLabel } from "@athanor/core";

/** Two operations' tables are the same: same name, same schema (or both unqualified). */
export function sameTable(a: QualifiedName, b: QualifiedName): boolean {
  return a.name === b.name && a.schema === b.schema;
}
