import type { OperationOf } from "@athanor/core";
import {
  checkModel,
  claimConstraintName,
  claimIndexName,
  foreignKeyModel,
  indexKey,
  keyColumnsNotNull,
  referencing,
  requireColumns,
  settleForeignKeyIndexes,
  uniqueModel,
} from "./key-operations.js";
import type { ReplayState, ReplayTable } from "./model-state.js";
import { refuse } from "./replay-conventions.js";

/** A server that indexes foreign keys itself ties them to the table's indexes: not modelled past creation. */
function refuseKeyChangeNearForeignKeys(state: ReplayState, table: ReplayTable): void {
  if (!state.conventions.indexesForeignKeys) return;
  if (table.foreignKeys.length > 0 || referencing(state, table).length > 0)
    refuse("an index change on a table with foreign keys the server indexes");
}

export function createIndex(state: ReplayState, op: OperationOf<"createIndex">): void {
  const table = state.table(op.table);
  const method = op.method ?? "btree";
  if (
    !state.conventions.extendedKeyOptions &&
    (method !== "btree" || op.where !== undefined || (op.include ?? []).length > 0 || op.nullsNotDistinct)
  )
    refuse("an index with options the server does not have");
  // how the server prints reloptions back is its own (as alterIndexStorage): the server replay decides
  if (op.with !== undefined) refuse("index storage parameters");
  claimIndexName(state, table, op.name);
  const keys = op.keys.map((k) => indexKey(state, table, k));
  if (keys.length === 0) refuse("an index without keys");
  if ((op.include ?? []).length > 0) requireColumns(table, op.include ?? []);
  if (
    state.conventions.uniqueIndexesAreConstraints &&
    op.unique === true &&
    keys.every((k) => k.kind === "column" && k.order === "asc")
  ) {
    table.uniques.push({
      name: op.name,
      columns: keys.map((k) => (k.kind === "column" ? k.column : "")),
      nullsNotDistinct: false,
      deferrable: false,
      initiallyDeferred: false,
    });
  } else {
    table.indexes.push({
      name: op.name,
      unique: op.unique === true,
      method,
      keys,
      include: [...(op.include ?? [])],
      where: op.where ?? null,
      nullsNotDistinct: op.nullsNotDistinct === true,
      with: [],
      valid: true,
    });
  }
  settleForeignKeyIndexes(state, table);
}

/**
 * The index `name` of `table` (a unique one is a constraint where the server models it so),
 * refused when the table has none; a change to it is refused near foreign keys the server indexes.
 */
function existingIndex(state: ReplayState, table: ReplayTable, name: string) {
  refuseKeyChangeNearForeignKeys(state, table);
  const index = table.indexes.find((i) => i.name === name);
  const unique = state.conventions.uniqueIndexesAreConstraints
    ? table.uniques.find((u) => u.name === name)
    : undefined;
  // PostgreSQL renames a constraint's index and the constraint with it: the server replay follows that
  if (index === undefined && unique === undefined) refuse(`index ${name} does not exist`);
  return { index, unique };
}

export function dropIndex(state: ReplayState, op: OperationOf<"dropIndex">): void {
  const table = state.table(op.table);
  const { index, unique } = existingIndex(state, table, op.name);
  // PostgreSQL may back a foreign key with a unique index
  if (index?.unique === true && referencing(state, table).length > 0) refuse("a referenced unique index");
  table.indexes = table.indexes.filter((i) => i !== index);
  table.uniques = table.uniques.filter((u) => u !== unique);
  state.releaseRelation(table.schema, op.name);
}

/** An index renamed in place: its definition stays, and the new name must be free. */
export function renameIndex(state: ReplayState, op: OperationOf<"renameIndex">): void {
  const table = state.table(op.table);
  const { index, unique } = existingIndex(state, table, op.from);
  claimIndexName(state, table, op.to);
  state.releaseRelation(table.schema, op.from);
  table.indexes = table.indexes.map((i) => (i === index ? { ...i, name: op.to } : i));
  table.uniques = table.uniques.map((u) => (u === unique ? { ...u, name: op.to } : u));
}

export function addPrimaryKey(state: ReplayState, op: OperationOf<"addPrimaryKey">): void {
  const table = state.table(op.table);
  if (table.primaryKey !== null) refuse(`${table.name} has a primary key`);
  if (op.usingIndex !== undefined) refuse("a primary key over an existing index");
  const name = state.conventions.primaryKeyName(op.name) ?? refuse("an unnamed primary key");
  requireColumns(table, op.columns);
  if (state.conventions.indexNames === "schema") claimIndexName(state, table, name);
  table.primaryKey = { name, columns: [...op.columns] };
  keyColumnsNotNull(table, op.columns);
  settleForeignKeyIndexes(state, table);
}

export function addUnique(state: ReplayState, op: OperationOf<"addUnique">): void {
  const table = state.table(op.table);
  if (op.usingIndex !== undefined) refuse("a unique constraint over an existing index");
  table.uniques.push(uniqueModel(state, table, op));
  settleForeignKeyIndexes(state, table);
}

export function addForeignKey(state: ReplayState, op: OperationOf<"addForeignKey">): void {
  const table = state.table(op.table);
  table.foreignKeys.push(foreignKeyModel(state, table, op));
  settleForeignKeyIndexes(state, table);
}

export function addCheck(state: ReplayState, op: OperationOf<"addCheck">): void {
  const table = state.table(op.table);
  table.checks.push(checkModel(state, table, op));
}

export function dropConstraint(state: ReplayState, op: OperationOf<"dropConstraint">): void {
  const table = state.table(op.table);
  const check = table.checks.find((c) => c.name === op.name);
  if (check !== undefined) {
    table.checks = table.checks.filter((c) => c !== check);
    return;
  }
  const fk = table.foreignKeys.find((f) => f.name === op.name);
  if (fk !== undefined) {
    // the server keeps the foreign key's own index behind
    if (state.conventions.indexesForeignKeys) refuse("a foreign key drop that leaves its index");
    table.foreignKeys = table.foreignKeys.filter((f) => f !== fk);
    return;
  }
  refuseKeyChangeNearForeignKeys(state, table);
  if (referencing(state, table).length > 0) refuse("a key drop on a referenced table");
  const unique = table.uniques.find((u) => u.name === op.name);
  if (unique !== undefined) {
    table.uniques = table.uniques.filter((u) => u !== unique);
    state.releaseRelation(table.schema, unique.name);
    return;
  }
  if (table.primaryKey !== null && table.primaryKey.name === op.name) {
    state.releaseRelation(table.schema, table.primaryKey.name);
    table.primaryKey = null;
    return;
  }
  refuse(`constraint ${op.name} does not exist`);
}

/** A constraint renamed on its table; a key's index takes the name, so it must be free as a relation name. */
export function renameConstraint(state: ReplayState, op: OperationOf<"renameConstraint">): void {
  const table = state.table(op.table);
  claimConstraintName(state, table, op.to);
  const rename = <T extends { readonly name: string }>(items: T[]) =>
    items.map((c) => (c.name === op.from ? { ...c, name: op.to } : c));
  if (table.checks.some((c) => c.name === op.from)) table.checks = rename(table.checks);
  else if (table.foreignKeys.some((f) => f.name === op.from)) table.foreignKeys = rename(table.foreignKeys);
  else if (table.uniques.some((u) => u.name === op.from) || table.primaryKey?.name === op.from) {
    claimIndexName(state, table, op.to);
    state.releaseRelation(table.schema, op.from);
    table.uniques = rename(table.uniques);
    if (table.primaryKey?.name === op.from) table.primaryKey = { ...table.primaryKey, name: op.to };
  } else refuse(`constraint ${op.from} does not exist`);
}

export function validateConstraint(state: ReplayState, op: OperationOf<"validateConstraint">): void {
  const table = state.table(op.table);
  if (!state.conventions.extendedKeyOptions) refuse("VALIDATE where constraints are always valid");
  const fk = table.foreignKeys.find((f) => f.name === op.name);
  const check = table.checks.find((c) => c.name === op.name);
  if (fk !== undefined)
    table.foreignKeys = table.foreignKeys.map((f) => (f === fk ? { ...f, validated: true } : f));
  else if (check !== undefined)
    table.checks = table.checks.map((c) => (c === check ? { ...c, validated: true } : c));
  else refuse(`constraint ${op.name} does not exist`);
}
