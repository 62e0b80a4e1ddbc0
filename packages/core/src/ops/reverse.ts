import type {
  CheckDefinition,
  ForeignKeyDefinition,
  NotNullDefinition,
  PrimaryKeyDefinition,
  QualifiedName,
  ReplacedIndex,
  SequenceOptions,
  UniqueDefinition,
} from "./definitions.js";
import { IrreversibleOperationError } from "./irreversible-operation-error.js";
import { compact, deepFreeze } from "./normalize.js";
import type {
  AddUnique,
  AlterColumn,
  AlterIndexStorage,
  CreateIndex,
  Operation,
  OperationKind,
  OperationOf,
} from "./operation.js";

type Reversers = { readonly [K in OperationKind]: (op: OperationOf<K>) => Operation };

const RECORD_HINT =
  "Record the old state in the operation (autogenerate does), or write the downgrade by hand.";

function need<T>(op: Operation, value: T | undefined, field: string): T {
  if (value === undefined)
    throw new IrreversibleOperationError(
      op,
      `the old state is not recorded (${field})`,
      [field],
      RECORD_HINT,
    );
  return value;
}

function reverseAlterColumn(op: AlterColumn): Operation {
  const missing: string[] = [];
  const swap = <T>(
    changed: T | undefined,
    existing: T | undefined,
    field: string,
  ): [T | undefined, T | undefined] => {
    if (changed === undefined) return [undefined, existing];
    if (existing === undefined) missing.push(field);
    return [existing, changed];
  };
  const [type, existingType] = swap(op.type, op.existingType, "existingType");
  const [nullable, existingNullable] = swap(op.nullable, op.existingNullable, "existingNullable");
  const [dflt, existingDefault] = swap(op.default, op.existingDefault, "existingDefault");
  const [comment, existingComment] = swap(op.comment, op.existingComment, "existingComment");
  const [onUpdate, existingOnUpdate] = swap(op.onUpdate, op.existingOnUpdate, "existingOnUpdate");
  const [generated, existingGenerated] = swap(op.generated, op.existingGenerated, "existingGenerated");
  const [autoIncrement, existingAutoIncrement] = swap(
    op.autoIncrement,
    op.existingAutoIncrement,
    "existingAutoIncrement",
  );
  if (missing.length > 0) {
    throw new IrreversibleOperationError(
      op,
      `the old state is not recorded (${missing.join(", ")})`,
      missing,
      RECORD_HINT,
    );
  }
  return compact({
    kind: "alterColumn",
    table: op.table,
    column: op.column,
    type,
    using: op.reverseUsing,
    nullable,
    default: dflt,
    comment,
    existingType,
    reverseUsing: op.using,
    existingNullable,
    existingDefault,
    existingComment,
    onUpdate,
    existingOnUpdate,
    generated,
    existingGenerated,
    autoIncrement,
    existingAutoIncrement,
  });
}

function pick(options: SequenceOptions, keys: readonly string[]): SequenceOptions {
  return Object.fromEntries(Object.entries(options).filter(([k]) => keys.includes(k)));
}

/** An index or unique key that took the place of another of its name: the old one takes it back, in one statement too. */
function swapBack(op: CreateIndex | AddUnique): Operation {
  const current: ReplacedIndex["existing"] =
    op.kind === "createIndex"
      ? (({ kind: _, name: _n, table: _t, concurrently: _c, replaces: _r, ...index }) => index)(op)
      : (({ kind: _, name: _n, table: _t, usingIndex: _u, replaces: _r, ...key }) => ({
          type: "unique" as const,
          ...key,
        }))(op);
  const old = need(op, op.replaces, "replaces").existing;
  if ("keys" in old)
    return compact({
      kind: "createIndex",
      name: op.name,
      table: op.table,
      ...old,
      replaces: { existing: current },
    });
  const { type: _, ...key } = old;
  return compact({
    kind: "addUnique",
    table: op.table,
    name: op.name,
    ...key,
    replaces: { existing: current },
  });
}

/** `name` renamed to `to` in its own schema: where a rename's inverse starts. */
function sameSchema(name: QualifiedName, to: string): QualifiedName {
  return name.schema === undefined ? { name: to } : { schema: name.schema, name: to };
}

const REVERSERS: Reversers = {
  createTable: ({ kind: _, table, ...existing }) => ({ kind: "dropTable", table, existing }),
  dropTable: (op) => ({ kind: "createTable", table: op.table, ...need(op, op.existing, "existing") }),
  renameTable: ({ kind, table, to }) => ({ kind, table: sameSchema(table, to), to: table.name }),
  addColumn: ({ table, column: { name, ...existing }, position }) =>
    compact({ kind: "dropColumn", table, column: name, existing, existingPosition: position }),
  dropColumn: (op) =>
    compact({
      kind: "addColumn",
      table: op.table,
      column: { name: op.column, ...need(op, op.existing, "existing") },
      position: op.existingPosition,
    }),
  alterColumn: reverseAlterColumn,
  renameColumn: ({ table, from, to }) => ({ kind: "renameColumn", table, from: to, to: from }),
  createIndex: (op) => {
    if (op.replaces !== undefined) return swapBack(op);
    const { kind: _, name, table, concurrently, ...existing } = op;
    return compact({ kind: "dropIndex", name, table, concurrently, existing });
  },
  dropIndex: (op) =>
    compact({
      kind: "createIndex",
      name: op.name,
      table: op.table,
      concurrently: op.concurrently,
      ...need(op, op.existing, "existing"),
    }),
  // The dropped constraint takes its index along, whether it was built with it or taken over.
  addPrimaryKey: ({ kind: _, table, name, usingIndex: _index, ...rest }) => ({
    kind: "dropConstraint",
    table,
    name,
    existing: { type: "primaryKey", ...rest },
  }),
  addUnique: (op) => {
    if (op.replaces !== undefined) return swapBack(op);
    const { kind: _, table, name, usingIndex: _index, ...rest } = op;
    return { kind: "dropConstraint", table, name, existing: { type: "unique", ...rest } };
  },
  addForeignKey: ({ kind: _, table, name, ...rest }) => ({
    kind: "dropConstraint",
    table,
    name,
    existing: { type: "foreignKey", ...rest },
  }),
  addCheck: ({ kind: _, table, name, ...rest }) => ({
    kind: "dropConstraint",
    table,
    name,
    existing: { type: "check", ...rest },
  }),
  addNotNull: ({ kind: _, table, name, ...rest }) => ({
    kind: "dropConstraint",
    table,
    name,
    existing: { type: "notNull", ...rest },
  }),
  dropConstraint: (op) => {
    const { type, ...definition } = need(op, op.existing, "existing");
    const base = { table: op.table, name: op.name };
    switch (type) {
      case "primaryKey":
        return { kind: "addPrimaryKey", ...base, ...(definition as PrimaryKeyDefinition) };
      case "unique":
        return { kind: "addUnique", ...base, ...(definition as UniqueDefinition) };
      case "foreignKey":
        return { kind: "addForeignKey", ...base, ...(definition as ForeignKeyDefinition) };
      case "check":
        return { kind: "addCheck", ...base, ...(definition as CheckDefinition) };
      case "notNull":
        return { kind: "addNotNull", ...base, ...(definition as NotNullDefinition) };
    }
  },
  renameConstraint: ({ table, from, to }) => ({ kind: "renameConstraint", table, from: to, to: from }),
  renameIndex: ({ table, from, to }) => ({ kind: "renameIndex", table, from: to, to: from }),
  // Validation cannot be undone, and validating an already valid constraint is a no-op, so
  // the operation is its own inverse; that keeps [addForeignKey notValid, validate] reversible.
  validateConstraint: (op) => op,
  createEnum: ({ name, values }) => ({ kind: "dropEnum", name, existingValues: values }),
  dropEnum: (op) => ({
    kind: "createEnum",
    name: op.name,
    values: need(op, op.existingValues, "existingValues"),
  }),
  addEnumValue: (op) => {
    throw new IrreversibleOperationError(
      op,
      "PostgreSQL cannot remove a value from an enum type",
      [],
      "Write the downgrade by hand (recreate the type without the value), or leave the value in place.",
    );
  },
  renameEnumValue: ({ name, from, to }) => ({ kind: "renameEnumValue", name, from: to, to: from }),
  renameEnum: ({ kind, name, to }) => ({ kind, name: sameSchema(name, to), to: name.name }),
  rebuildEnum: (op) => ({ ...op, values: op.existingValues, existingValues: op.values }),
  createSchema: ({ name }) => ({ kind: "dropSchema", name }),
  dropSchema: (op) => {
    if (op.cascade === true) {
      throw new IrreversibleOperationError(
        op,
        "cascade: true dropped the schema's contents, which the operation does not record",
        [],
        "Drop the contents with their own operations first, or write the downgrade by hand.",
      );
    }
    return { kind: "createSchema", name: op.name };
  },
  createSequence: ({ kind: _, name, ...existing }) => ({ kind: "dropSequence", name, existing }),
  dropSequence: (op) => ({ kind: "createSequence", name: op.name, ...need(op, op.existing, "existing") }),
  renameSequence: ({ kind, name, to }) => ({ kind, name: sameSchema(name, to), to: name.name }),
  alterSequence: (op) => {
    const keys = Object.keys(op.set);
    const existing = need(op, op.existing, "existing");
    const unknown = keys.filter((k) => !(k in existing));
    if (unknown.length > 0) {
      const fields = unknown.map((k) => `existing.${k}`);
      throw new IrreversibleOperationError(
        op,
        `the old state is not recorded (${fields.join(", ")})`,
        fields,
        RECORD_HINT,
      );
    }
    return {
      kind: "alterSequence",
      name: op.name,
      set: pick(existing, keys),
      existing: { ...existing, ...op.set },
    };
  },
  setTableComment: (op) => ({
    kind: "setTableComment",
    table: op.table,
    comment: need(op, op.existingComment, "existingComment"),
    existingComment: op.comment,
  }),
  alterIndexStorage: reverseIndexStorage,
  alterColumnIdentity: (op) => ({
    kind: "alterColumnIdentity",
    table: op.table,
    column: op.column,
    identity: need(op, op.existingIdentity, "existingIdentity"),
    existingIdentity: op.identity,
  }),
  alterColumnCollation: (op) => ({
    kind: "alterColumnCollation",
    table: op.table,
    column: op.column,
    type: op.type,
    collation: need(op, op.existingCollation, "existingCollation"),
    existingCollation: op.collation,
  }),
  createView: ({ kind: _, name, materialized, ...existing }) =>
    compact({ kind: "dropView", name, materialized, existing }),
  dropView: (op) =>
    compact({
      kind: "createView",
      name: op.name,
      materialized: op.materialized,
      ...need(op, op.existing, "existing"),
    }),
  createPolicy: ({ kind: _, name, table, ...existing }) => ({ kind: "dropPolicy", name, table, existing }),
  dropPolicy: (op) => ({
    kind: "createPolicy",
    name: op.name,
    table: op.table,
    ...need(op, op.existing, "existing"),
  }),
  enableRowLevelSecurity: ({ table }) => ({ kind: "disableRowLevelSecurity", table }),
  disableRowLevelSecurity: ({ table }) => ({ kind: "enableRowLevelSecurity", table }),
  createSyncTrigger: ({ kind: _, ...definition }) => ({ kind: "dropSyncTrigger", ...definition }),
  dropSyncTrigger: ({ kind: _, ...definition }) => ({ kind: "createSyncTrigger", ...definition }),
  requireNoDependents: (op) => op,
  requireValuesFit: (op) => op,
  execute: (op) => ({ kind: "execute", sql: need(op, op.downSql, "downSql"), downSql: op.sql }),
  bulkInsert: (op) => {
    throw new IrreversibleOperationError(
      op,
      "inserted rows cannot be identified for deletion",
      [],
      'Write the downgrade with op.execute("DELETE FROM ... WHERE ...").',
    );
  },
};

/** Each parameter set or reset goes back to its recorded value: set again, or reset when it was the default. */
function reverseIndexStorage(op: AlterIndexStorage): Operation {
  const touched = [...Object.keys(op.set ?? {}), ...(op.reset ?? [])];
  const existing = need(op, op.existing, "existing");
  const missing = touched.filter((p) => !(p in existing)).map((p) => `existing.${p}`);
  if (missing.length > 0)
    throw new IrreversibleOperationError(
      op,
      `the old state is not recorded (${missing.join(", ")})`,
      missing,
      RECORD_HINT,
    );
  const set: Record<string, string> = {};
  const reset: string[] = [];
  const before: Record<string, string | null> = {};
  for (const p of [...touched].sort()) {
    const old = existing[p] ?? null;
    if (old === null) reset.push(p);
    else set[p] = old;
    before[p] = op.set?.[p] ?? null;
  }
  return compact({
    kind: "alterIndexStorage",
    name: op.name,
    table: op.table,
    set: Object.keys(set).length > 0 ? set : undefined,
    reset: reset.length > 0 ? reset : undefined,
    existing: before,
  });
}

/**
 * The operation that undoes `op`, as frozen data. Throws {@link IrreversibleOperationError}
 * (code ATHANOR_IRREVERSIBLE_OPERATION, `meta.missing` naming the fields to record) when
 * there is none; it never guesses. For every reversible op, `reverse(reverse(op))` deep-equals `op`.
 *
 * @example
 * ```ts
 * reverse(operations.renameColumn("users", "mail", "email")); // renameColumn email → mail
 * ```
 */
export function reverse(op: Operation): Operation {
  const reverser = REVERSERS[op.kind] as (op: Operation) => Operation;
  return deepFreeze(reverser(op));
}

/**
 * The inverse of a whole sequence: each operation reversed, in reverse order (what a
 * downgrade runs). Throws on the first irreversible operation.
 *
 * @example
 * ```ts
 * const down = reverseAll([createTable, createIndex]); // [dropIndex, dropTable]
 * ```
 */
export function reverseAll(ops: readonly Operation[]): Operation[] {
  return ops.map(reverse).reverse();
}
