import type {
  ColumnDefinition,
  DroppedConstraintDefinition,
  ForeignKeyDefinition,
  IndexDefinition,
  IndexKey,
  Operation,
  OperationKind,
  OperationOf,
  QualifiedName,
  ReplacedIndex,
  SyncTriggerDefinition,
  TableDefinition,
} from "@athanor/core";
import type { Literal } from "./js-literal.js";
import { VIEW_CALLERS } from "./view-calls.js";

type Args = readonly Literal[];
type Callers = { readonly [K in OperationKind]: (op: OperationOf<K>) => Args };

/** `"users"` for an unqualified name, `{ schema, name }` otherwise. */
function name(q: QualifiedName): Literal {
  return q.schema === undefined ? q.name : { schema: q.schema, name: q.name };
}

/** An options argument, or nothing when every option is at its default. */
function options(value: { readonly [key: string]: Literal }): Args {
  return Object.values(value).some((v) => v !== undefined) ? [value] : [];
}

/**
 * A column as builders take it: `nullable` only when it differs from the builder's default.
 * Typed over every key of the definition, so a new column property cannot be left out of the
 * generated code without a compile error.
 */
function column(c: ColumnDefinition & { readonly name?: string }): Literal {
  const defaultNullable = c.identity === undefined;
  const out: { readonly [K in keyof Required<ColumnDefinition> | "name"]: Literal } = {
    name: c.name,
    type: c.type,
    nullable: c.nullable === defaultNullable ? undefined : c.nullable,
    default: c.default,
    onUpdate: c.onUpdate,
    identity: c.identity as Literal,
    generated: c.generated as Literal,
    collation: c.collation,
    comment: c.comment,
  };
  return out;
}

function foreignKey(f: ForeignKeyDefinition & { readonly name?: string }): {
  readonly [key: string]: Literal;
} {
  const { references, ...rest } = f;
  return {
    name: f.name,
    ...(rest as { readonly [key: string]: Literal }),
    references: { table: name(references.table), columns: references.columns },
  };
}

function table(t: TableDefinition): Literal {
  return {
    columns: t.columns.map(column),
    primaryKey: t.primaryKey as Literal,
    uniques: t.uniques as Literal,
    foreignKeys: t.foreignKeys?.map(foreignKey),
    checks: t.checks as Literal,
    comment: t.comment,
  };
}

function key(k: IndexKey): Literal {
  return k.column !== undefined && k.order === undefined && k.nulls === undefined && k.opclass === undefined
    ? k.column
    : (k as unknown as Literal);
}

function index(d: IndexDefinition): { readonly [key: string]: Literal } {
  const { keys, ...rest } = d;
  return { keys: keys.map(key), ...(rest as { readonly [key: string]: Literal }) };
}

/** `replaces: { existing }` with an index's keys written as `createIndex` takes them. */
function replaced(r: ReplacedIndex | undefined): Literal {
  if (r === undefined) return undefined;
  return { existing: "keys" in r.existing ? index(r.existing) : (r.existing as unknown as Literal) };
}

function constraint(c: DroppedConstraintDefinition): Literal {
  if (c.type !== "foreignKey") return c as unknown as Literal;
  const { type, ...fk } = c;
  return { type, ...foreignKey(fk) };
}

function syncTrigger({
  kind: _,
  name: n,
  table: t,
  ...pair
}: SyncTriggerDefinition & { kind: string }): Literal[] {
  return [n, name(t), pair as unknown as Literal];
}

/** `op.renameColumn(table, from, to)` and the other renames inside a table. */
const renameInTable = (op: { readonly table: QualifiedName; readonly from: string; readonly to: string }) => [
  name(op.table),
  op.from,
  op.to,
];
/** `op.renameEnum(name, to)` and the other renames of a schema object. */
const renameObject = (op: { readonly name: QualifiedName; readonly to: string }) => [name(op.name), op.to];

const CALLERS: Callers = {
  createTable: ({ kind: _, table: t, ...def }) => [name(t), table(def)],
  dropTable: (op) => [
    name(op.table),
    ...(op.existing === undefined ? [] : [{ existing: table(op.existing) }]),
  ],
  renameTable: (op) => [name(op.table), op.to],
  addColumn: (op) => [name(op.table), column(op.column), ...(op.position === undefined ? [] : [op.position])],
  dropColumn: (op) => [
    name(op.table),
    op.column,
    ...options({
      existing: op.existing === undefined ? undefined : column(op.existing),
      existingPosition: op.existingPosition,
    }),
  ],
  alterColumn: ({ kind: _, table: t, column: c, ...changes }) => [name(t), c, changes as Literal],
  renameColumn: renameInTable,
  createIndex: ({ kind: _, name: n, table: t, keys, replaces, ...rest }) => [
    n,
    name(t),
    keys.map(key),
    ...options({ ...(rest as { readonly [key: string]: Literal }), replaces: replaced(replaces) }),
  ],
  dropIndex: (op) => [
    op.name,
    name(op.table),
    ...options({
      concurrently: op.concurrently,
      existing: op.existing === undefined ? undefined : index(op.existing),
    }),
  ],
  addPrimaryKey: (op) => [op.name, name(op.table), op.columns, ...options({ usingIndex: op.usingIndex })],
  addUnique: ({ kind: _, name: n, table: t, columns, replaces, ...rest }) => [
    n,
    name(t),
    columns,
    ...options({ ...(rest as { readonly [key: string]: Literal }), replaces: replaced(replaces) }),
  ],
  addForeignKey: ({ kind: _, name: n, table: t, ...fk }) => {
    const { name: _unnamed, ...definition } = foreignKey(fk);
    return [n, name(t), definition];
  },
  addCheck: ({ kind: _, name: n, table: t, expression, ...rest }) => [
    n,
    name(t),
    expression,
    ...options(rest as { readonly [key: string]: Literal }),
  ],
  dropConstraint: (op) => [
    op.name,
    name(op.table),
    ...options({ existing: op.existing === undefined ? undefined : constraint(op.existing) }),
  ],
  addNotNull: (op) => [op.name, name(op.table), op.column, ...options({ notValid: op.notValid })],
  renameConstraint: renameInTable,
  renameIndex: renameInTable,
  validateConstraint: (op) => [op.name, name(op.table)],
  createEnum: (op) => [name(op.name), op.values],
  dropEnum: (op) => [name(op.name), ...options({ existingValues: op.existingValues })],
  addEnumValue: (op) => [name(op.name), op.value, ...options({ before: op.before, after: op.after })],
  renameEnumValue: (op) => [name(op.name), op.from, op.to],
  renameEnum: renameObject,
  rebuildEnum: (op) => [
    name(op.name),
    op.values,
    {
      existingValues: op.existingValues,
      columns: op.columns.map((c) => ({ ...c, table: name(c.table) }) as Literal),
    },
  ],
  createSchema: (op) => [op.name],
  dropSchema: (op) => [op.name, ...options({ cascade: op.cascade })],
  createSequence: ({ kind: _, name: n, ...rest }) => [
    name(n),
    ...options(rest as { readonly [key: string]: Literal }),
  ],
  dropSequence: (op) => [name(op.name), ...options({ existing: op.existing as Literal })],
  renameSequence: renameObject,
  alterSequence: (op) => [name(op.name), op.set as Literal, ...options({ existing: op.existing as Literal })],
  createSyncTrigger: syncTrigger,
  dropSyncTrigger: syncTrigger,
  requireNoDependents: (op) => [
    name(op.table),
    op.columns === "table"
      ? op.columns
      : op.columns.map((c) => ((op.renamed ?? []).includes(c) ? { renamed: c } : c)),
    ...(op.except === undefined ? [] : [op.except as Literal]),
  ],
  requireValuesFit: (op) => [name(op.table), op.column, op.type, ...options({ key: op.key as Literal })],
  setTableComment: (op) => [name(op.table), op.comment, ...options({ existing: op.existingComment })],
  alterIndexStorage: (op) => [
    op.name,
    name(op.table),
    { set: op.set as Literal, reset: op.reset },
    ...options({ existing: op.existing as Literal }),
  ],
  alterColumnIdentity: (op) => [
    name(op.table),
    op.column,
    op.identity as Literal,
    ...options({ existing: op.existingIdentity as Literal }),
  ],
  alterColumnCollation: (op) => [
    name(op.table),
    op.column,
    op.type,
    op.collation,
    ...options({ existing: op.existingCollation }),
  ],
  ...VIEW_CALLERS,
  execute: (op) => [op.sql, ...options({ down: op.downSql })],
  bulkInsert: (op) => [name(op.table), op.rows as Literal],
};

/**
 * The `op.<builder>(...)` call that records exactly `operation`: the builder's name and its
 * arguments as literal data, with defaults left out so the call reads like hand-written code.
 *
 * @example
 * ```ts
 * operationCall(operations.renameColumn("users", "mail", "email")); // ["renameColumn", ["users", "mail", "email"]]
 * ```
 */
export function operationCall(operation: Operation): [method: OperationKind, args: Args] {
  const caller = CALLERS[operation.kind] as (op: Operation) => Args;
  return [operation.kind, caller(operation)];
}
