import type {
  CheckDefinition,
  ForeignKeyDefinition,
  ForeignKeyModel,
  IndexKey,
  IndexModel,
  Named,
  UniqueDefinition,
} from "@athanor/core";
import { columnIndexModel, uncoveredForeignKeys } from "@athanor/core";
import type { ReplayState, ReplayTable } from "./model-state.js";
import { refuse } from "./replay-conventions.js";

/** Refuses a name the server would truncate or refuse, or that something it makes may hold. */
export function checkName(state: ReplayState, name: string): void {
  if (Buffer.byteLength(name) > state.conventions.maxNameBytes)
    refuse(`name ${name} is longer than the server keeps`);
  if (state.conventions.reservedName(name)) refuse(`name ${name} may be one the server makes itself`);
}

/** Refuses a relation name already taken: schema-wide (PostgreSQL) or per table (MySQL). */
export function claimIndexName(state: ReplayState, table: ReplayTable, name: string): void {
  checkName(state, name);
  const taken =
    state.conventions.indexNames === "schema"
      ? state.relationTaken(table.schema, name)
      : name === "PRIMARY" ||
        table.indexes.some((i) => i.name === name) ||
        table.uniques.some((u) => u.name === name);
  if (taken) refuse(`index name ${name} is taken`);
  state.claimRelation(table.schema, name);
}

/** Refuses a constraint name the table (foreign keys on MySQL: the database) already uses. */
export function claimConstraintName(state: ReplayState, table: ReplayTable, name: string, fk = false): void {
  checkName(state, name);
  const own = [
    ...(table.primaryKey === null ? [] : [table.primaryKey.name]),
    ...table.uniques.map((u) => u.name),
    ...table.foreignKeys.map((f) => f.name),
    ...table.checks.map((c) => c.name),
  ];
  if (own.includes(name)) refuse(`constraint name ${name} is taken on ${table.name}`);
  if (fk && state.conventions.foreignKeyNamesPerSchema)
    for (const t of state.tables.values())
      if (t.schema === table.schema && t.foreignKeys.some((f) => f.name === name))
        refuse(`foreign key name ${name} is taken`);
}

export function requireColumns(table: ReplayTable, columns: readonly string[]): void {
  if (columns.length === 0) refuse("an empty column list");
  for (const c of columns)
    if (!table.columns.some((col) => col.name === c)) refuse(`column ${c} of ${table.name} does not exist`);
}

/** Foreign keys of any table that reference `table`. */
export function referencing(state: ReplayState, table: ReplayTable): ForeignKeyModel[] {
  return [...state.tables.values()].flatMap((t) =>
    t.foreignKeys.filter((f) => f.referencedSchema === table.schema && f.referencedTable === table.name),
  );
}

/** Marks the columns of a primary key NOT NULL, as both servers do. */
export function keyColumnsNotNull(table: ReplayTable, columns: readonly string[]): void {
  for (const col of table.columns) if (columns.includes(col.name)) col.nullable = false;
}

export function uniqueModel(state: ReplayState, table: ReplayTable, u: Named<UniqueDefinition>) {
  const name = u.name ?? refuse("an unnamed unique constraint");
  if (!state.conventions.extendedKeyOptions && (u.deferrable || u.initiallyDeferred || u.nullsNotDistinct))
    refuse("a unique constraint with options the server does not have");
  requireColumns(table, u.columns);
  claimConstraintName(state, table, name);
  claimIndexName(state, table, name);
  return {
    name,
    columns: [...u.columns],
    nullsNotDistinct: u.nullsNotDistinct === true,
    deferrable: u.deferrable === true,
    initiallyDeferred: u.initiallyDeferred === true,
  };
}

export function checkModel(state: ReplayState, table: ReplayTable, c: Named<CheckDefinition>) {
  const name = c.name ?? refuse("an unnamed check");
  // Where printed check texts are no fixed point (ScratchArea.settlesPrintedTexts), a revision's
  // text equal to the live one says nothing of what replaying it prints.
  if (!state.conventions.checksReadAsWritten) refuse("a check the server prints its own way");
  if (!state.conventions.extendedKeyOptions && c.notValid)
    refuse("NOT VALID where constraints are always valid");
  claimConstraintName(state, table, name);
  return { name, expression: c.expression, validated: c.notValid !== true };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x)) && new Set(a).size === a.length;

/**
 * A foreign key, refused unless the server's acceptance is certain: the referenced table exists
 * with a primary key or unique constraint on exactly those columns, and each pair of columns has
 * the same type text.
 */
export function foreignKeyModel(
  state: ReplayState,
  table: ReplayTable,
  fk: Named<ForeignKeyDefinition>,
): ForeignKeyModel {
  const name = fk.name ?? refuse("an unnamed foreign key");
  if (
    !state.conventions.extendedKeyOptions &&
    (fk.deferrable || fk.initiallyDeferred || fk.notValid || fk.match === "full")
  )
    refuse("a foreign key with options the server does not have");
  requireColumns(table, fk.columns);
  const target = state.table(fk.references.table);
  requireColumns(target, fk.references.columns);
  if (fk.columns.length !== fk.references.columns.length) refuse("foreign key column counts differ");
  const keys = [
    ...(target.primaryKey === null ? [] : [target.primaryKey.columns]),
    ...target.uniques.map((u) => u.columns),
  ];
  if (!keys.some((k) => sameSet(k, fk.references.columns))) refuse("no key backs the referenced columns");
  fk.columns.forEach((c, i) => {
    const own = table.columns.find((col) => col.name === c);
    const other = target.columns.find((col) => col.name === fk.references.columns[i]);
    if (own?.type !== other?.type) refuse("foreign key column types differ");
  });
  claimConstraintName(state, table, name, true);
  return {
    name,
    columns: [...fk.columns],
    referencedSchema: target.schema,
    referencedTable: target.name,
    referencedColumns: [...fk.references.columns],
    onUpdate: fk.onUpdate ?? "no action",
    onDelete: fk.onDelete ?? "no action",
    match: fk.match ?? "simple",
    deferrable: fk.deferrable === true,
    initiallyDeferred: fk.initiallyDeferred === true,
    validated: fk.notValid !== true,
  };
}

/**
 * Where the server indexes foreign keys itself (InnoDB): an index named after a key no index
 * starts with, dropped once another index covers it. Call after every change to the table's keys
 * or indexes.
 */
export function settleForeignKeyIndexes(state: ReplayState, table: ReplayTable): void {
  if (!state.conventions.indexesForeignKeys) return;
  for (const fk of table.foreignKeys) {
    const own = table.indexes.find((i) => i.name === fk.name);
    const covered = uncoveredForeignKeys({ ...table, foreignKeys: [fk] }, own).length === 0;
    if (own !== undefined && covered) table.indexes = table.indexes.filter((i) => i !== own);
    if (own === undefined && !covered) {
      claimIndexName(state, table, fk.name);
      table.indexes.push(columnIndexModel(fk.name, fk.columns, false));
    }
  }
}

/** One index key as the introspector reads it. */
export function indexKey(state: ReplayState, table: ReplayTable, key: IndexKey): IndexModel["keys"][number] {
  const order = key.order ?? "asc";
  const ordering = {
    order,
    nulls: key.nulls ?? state.conventions.defaultNulls(order),
    opclass: key.opclass ?? null,
  } as const;
  if (!state.conventions.extendedKeyOptions && (key.nulls !== undefined || key.opclass !== undefined))
    refuse("index keys with options the server does not have");
  if (key.column !== undefined) {
    requireColumns(table, [key.column]);
    return { kind: "column", column: key.column, ...ordering };
  }
  return { kind: "expression", expression: key.expression, ...ordering };
}
