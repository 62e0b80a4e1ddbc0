import type { OperationOf, TableDefinition } from "@athanor/core";
import { columnModel } from "./column-model.js";
import {
  checkModel,
  checkName,
  claimIndexName,
  foreignKeyModel,
  keyColumnsNotNull,
  referencing,
  requireColumns,
  settleForeignKeyIndexes,
  uniqueModel,
} from "./key-operations.js";
import type { ReplayState, ReplayTable } from "./model-state.js";
import { type ReplayColumn, refuse } from "./replay-conventions.js";

/** `createTable`: the table with its inline keys, refused where the server would refuse or rename. */
export function createTable(state: ReplayState, op: OperationOf<"createTable">): void {
  const schema = state.schemaOf(op.table);
  const name = op.table.name;
  checkName(state, name);
  if (state.hasTable(schema, name) || state.relationTaken(schema, name)) refuse(`table ${name} exists`);
  // a table's row type shares the namespace of types (where there are enum types)
  if (state.enums.has(`${schema}\u0000${name}`)) refuse(`type ${name} exists`);
  const table: ReplayTable = {
    schema,
    name,
    columns: [],
    primaryKey: null,
    uniques: [],
    foreignKeys: [],
    checks: [],
    indexes: [],
    comment: op.comment ?? null,
    rowLevelSecurity: false,
    triggers: new Set(),
  };
  for (const spec of op.columns) {
    if (table.columns.some((c) => c.name === spec.name)) refuse(`column ${spec.name} twice`);
    table.columns.push(columnModel(spec, state.conventions));
  }
  state.putTable(table);
  state.claimRelation(schema, name);
  addKeys(state, table, op);
}

/** The inline keys of `createTable`, in the order the server creates them. */
function addKeys(state: ReplayState, table: ReplayTable, def: TableDefinition): void {
  if (def.primaryKey !== undefined) {
    const name = state.conventions.primaryKeyName(def.primaryKey.name) ?? refuse("an unnamed primary key");
    requireColumns(table, def.primaryKey.columns);
    if (state.conventions.indexNames === "schema") claimIndexName(state, table, name);
    table.primaryKey = { name, columns: [...def.primaryKey.columns] };
    keyColumnsNotNull(table, def.primaryKey.columns);
  }
  for (const u of def.uniques ?? []) table.uniques.push(uniqueModel(state, table, u));
  for (const c of def.checks ?? []) table.checks.push(checkModel(state, table, c));
  for (const fk of def.foreignKeys ?? []) table.foreignKeys.push(foreignKeyModel(state, table, fk));
  requireKeyedAutoIncrement(state, table);
  settleForeignKeyIndexes(state, table);
}

/** The server refuses an AUTO_INCREMENT column that no key starts with (MySQL). */
function requireKeyedAutoIncrement(state: ReplayState, table: ReplayTable): void {
  if (!state.conventions.autoIncrementNeedsKey) return;
  const firsts = [
    table.primaryKey?.columns[0],
    ...table.uniques.map((u) => u.columns[0]),
    ...table.indexes.map((i) => (i.keys[0]?.kind === "column" ? i.keys[0].column : undefined)),
  ];
  for (const c of table.columns)
    if (c.identity !== null && !firsts.includes(c.name)) refuse("an AUTO_INCREMENT column without a key");
}

export function dropTable(state: ReplayState, op: OperationOf<"dropTable">): void {
  const table = state.table(op.table);
  if (referencing(state, table).some((f) => !table.foreignKeys.includes(f)))
    refuse(`table ${table.name} is referenced`);
  state.removeTable(table);
  for (const name of [
    table.name,
    table.primaryKey?.name,
    ...table.uniques.map((u) => u.name),
    ...table.indexes.map((i) => i.name),
  ])
    if (name !== undefined) state.releaseRelation(table.schema, name);
}

export function renameTable(state: ReplayState, op: OperationOf<"renameTable">): void {
  const table = state.table(op.table);
  checkName(state, op.to);
  if (state.hasTable(table.schema, op.to) || state.relationTaken(table.schema, op.to))
    refuse(`table ${op.to} exists`);
  if (state.enums.has(`${table.schema}\u0000${op.to}`)) refuse(`type ${op.to} exists`);
  const from = table.name;
  state.removeTable(table);
  for (const t of state.tables.values())
    t.foreignKeys = t.foreignKeys.map((f) =>
      f.referencedSchema === table.schema && f.referencedTable === from
        ? { ...f, referencedTable: op.to }
        : f,
    );
  table.foreignKeys = table.foreignKeys.map((f) =>
    f.referencedSchema === table.schema && f.referencedTable === from ? { ...f, referencedTable: op.to } : f,
  );
  table.name = op.to;
  state.putTable(table);
  state.releaseRelation(table.schema, from);
  state.claimRelation(table.schema, op.to);
}

export function addColumn(state: ReplayState, op: OperationOf<"addColumn">): void {
  const table = state.table(op.table);
  if (table.columns.some((c) => c.name === op.column.name)) refuse(`column ${op.column.name} exists`);
  const column = columnModel(op.column, state.conventions);
  // an AUTO_INCREMENT needs a key in the same statement; an identity column is modelled
  if (state.conventions.autoIncrementNeedsKey && column.identity !== null) refuse("an added AUTO_INCREMENT");
  const position = op.position;
  if (position === undefined) table.columns.push(column);
  else if (!state.conventions.placesColumns) refuse("a column position where columns go last");
  else if ("first" in position) table.columns.unshift(column);
  else {
    const at = table.columns.findIndex((c) => c.name === position.after);
    if (at < 0) refuse(`column ${position.after} does not exist`);
    table.columns.splice(at + 1, 0, column);
  }
}

/**
 * True when the table holds SQL text that could name a column (checks, expression or partial
 * indexes, generated columns): a rename or drop would change or break it in ways the text alone
 * cannot tell.
 */
function holdsExpressions(table: ReplayTable): boolean {
  return (
    table.checks.length > 0 ||
    table.columns.some((c) => c.generated !== null) ||
    table.indexes.some((i) => i.where !== null || i.keys.some((k) => k.kind === "expression"))
  );
}

/** True when a key, index or foreign key (of any table) names the column. */
function columnIsKeyed(state: ReplayState, table: ReplayTable, column: string): boolean {
  return (
    (table.primaryKey?.columns.includes(column) ?? false) ||
    table.uniques.some((u) => u.columns.includes(column)) ||
    table.foreignKeys.some((f) => f.columns.includes(column)) ||
    table.indexes.some(
      (i) => i.include.includes(column) || i.keys.some((k) => k.kind === "column" && k.column === column),
    ) ||
    referencing(state, table).some((f) => f.referencedColumns.includes(column))
  );
}

export function dropColumn(state: ReplayState, op: OperationOf<"dropColumn">): void {
  const table = state.table(op.table);
  requireColumns(table, [op.column]);
  if (holdsExpressions(table) || columnIsKeyed(state, table, op.column)) refuse("a drop with dependants");
  table.columns = table.columns.filter((c) => c.name !== op.column);
}

export function renameColumn(state: ReplayState, op: OperationOf<"renameColumn">): void {
  const table = state.table(op.table);
  requireColumns(table, [op.from]);
  if (table.columns.some((c) => c.name === op.to)) refuse(`column ${op.to} exists`);
  if (holdsExpressions(table) || columnIsKeyed(state, table, op.from)) refuse("a rename with dependants");
  for (const c of table.columns) if (c.name === op.from) c.name = op.to;
}

/** `alterColumn`: nullability, default, comment, ON UPDATE, and a type where nothing depends on it. */
export function alterColumn(state: ReplayState, op: OperationOf<"alterColumn">): void {
  const table = state.table(op.table);
  requireColumns(table, [op.column]);
  const column = table.columns.find((c) => c.name === op.column) as ReplayColumn;
  if (op.generated !== undefined || op.autoIncrement !== undefined) refuse("generation changes");
  if (!state.conventions.columnOnUpdate && op.onUpdate !== undefined)
    refuse("ON UPDATE where columns have none");
  if (op.type !== undefined) {
    if (
      column.default !== null ||
      op.default !== undefined ||
      column.identity !== null ||
      column.generated !== null ||
      holdsExpressions(table) ||
      columnIsKeyed(state, table, op.column)
    )
      refuse("a type change with dependants");
    column.type = op.type;
  }
  if (op.nullable !== undefined) {
    const keyed = table.primaryKey?.columns.includes(op.column) ?? false;
    if (op.nullable && (keyed || column.identity !== null)) refuse("NULL on a key or identity column");
    column.nullable = op.nullable;
  }
  if (op.default !== undefined) {
    if (column.identity !== null || column.generated !== null)
      refuse("a default on an identity or generated column");
    column.default = op.default;
  }
  if (op.comment !== undefined) column.comment = op.comment;
  if (op.onUpdate !== undefined) column.onUpdate = op.onUpdate;
}

export function setTableComment(state: ReplayState, op: OperationOf<"setTableComment">): void {
  state.table(op.table).comment = op.comment;
}
