import type {
  ColumnInput,
  CreateIndex,
  CreateIndexOptions,
  CreateTable,
  ForeignKeyInput,
  IndexKey,
  Operation,
  TableInput,
} from "@athanor/core";
import { operations } from "@athanor/core";

// The canonicaliser renders the operations of a whole model only to build it in a scratch
// database and throw them away; at 1,000 tables the factories' validation, copying and freezing
// were a large share of `athanor check` on SQLite (issue 19). These builders return the object the
// factory would (deep-equal, keys in the same order, not frozen) when the input is plainly valid,
// and otherwise call the factory, which then throws its own error or builds the operation: no
// input is accepted here that the factory would refuse, and no error is worded here.

/** A non-empty string: what the factories' `requireName` accepts. */
const isName = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** A non-empty list of distinct non-empty strings (`requireNames`). */
function isNameList(v: unknown): v is readonly string[] {
  if (!Array.isArray(v) || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (!isName(v[i]) || v.indexOf(v[i]) !== i) return false;
  return true;
}

/** A plain object whose keys are all among `known` and none `undefined` (the factories drop both). */
function hasOnly(value: unknown, known: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  for (const key of Object.keys(value))
    if (!known.includes(key) || (value as Record<string, unknown>)[key] === undefined) return false;
  return true;
}

type Qualified = { readonly schema?: string; readonly name: string };
const isQualified = (t: unknown): t is Qualified =>
  hasOnly(t, ["schema", "name"]) && isName(t.name) && (t.schema === undefined || isName(t.schema));
// `qualifiedName`'s output: the schema key only when there is one
const qualified = (t: Qualified): Qualified =>
  t.schema === undefined ? { name: t.name } : { schema: t.schema, name: t.name };

const COLUMN_KEYS = ["name", "type", "nullable", "default", "generated", "collation", "comment", "onUpdate"];

/** A column the factory keeps as given (identity options are copied and checked there: not here). */
function isPlainColumn(c: ColumnInput): boolean {
  const g: unknown = c.generated;
  return (
    hasOnly(c, COLUMN_KEYS) &&
    isName(c.name) &&
    isName(c.type) &&
    typeof c.nullable === "boolean" &&
    !(c.default !== undefined && g !== undefined) &&
    (c.default === undefined || isName(c.default)) &&
    (g === undefined ||
      (hasOnly(g, ["expression", "storage"]) &&
        isName(g.expression) &&
        (g.storage === undefined || g.storage === "virtual"))) &&
    (c.collation === undefined || isName(c.collation)) &&
    (c.comment === undefined || typeof c.comment === "string") &&
    (c.onUpdate === undefined || isName(c.onUpdate))
  );
}

const FOREIGN_KEY_KEYS = [
  "name",
  "columns",
  "references",
  "onDelete",
  "onUpdate",
  "match",
  "deferrable",
  "initiallyDeferred",
];

function isPlainForeignKey(f: ForeignKeyInput & { readonly name?: string }): boolean {
  return (
    hasOnly(f, FOREIGN_KEY_KEYS) &&
    isName(f.name) &&
    isNameList(f.columns) &&
    hasOnly(f.references, ["table", "columns"]) &&
    isQualified(f.references.table) &&
    isNameList(f.references.columns) &&
    f.references.columns.length === f.columns.length &&
    (f.initiallyDeferred !== true || f.deferrable === true)
  );
}

const TABLE_KEYS = ["columns", "primaryKey", "uniques", "foreignKeys", "checks", "comment"];
const UNIQUE_KEYS = ["name", "columns", "nullsNotDistinct", "deferrable", "initiallyDeferred"];

function isPlainTable(definition: TableInput): boolean {
  const { columns, primaryKey, uniques, foreignKeys, checks, comment } = definition;
  if (!hasOnly(definition, TABLE_KEYS) || !Array.isArray(columns)) return false;
  const names = new Set<string>();
  for (const c of columns) {
    if (!isPlainColumn(c) || names.has(c.name)) return false;
    names.add(c.name);
  }
  if (primaryKey !== undefined) {
    if (!hasOnly(primaryKey, ["name", "columns"]) || !isName(primaryKey.name)) return false;
    if (!isNameList(primaryKey.columns) || !primaryKey.columns.every((c) => names.has(c))) return false;
  }
  if (uniques !== undefined && !Array.isArray(uniques)) return false;
  for (const u of uniques ?? [])
    if (!hasOnly(u, UNIQUE_KEYS) || !isName(u.name) || !isNameList(u.columns)) return false;
  if (foreignKeys !== undefined && !Array.isArray(foreignKeys)) return false;
  for (const f of foreignKeys ?? []) if (!isPlainForeignKey(f)) return false;
  if (checks !== undefined && !Array.isArray(checks)) return false;
  for (const c of checks ?? [])
    if (!hasOnly(c, ["name", "expression"]) || !isName(c.name) || !isName(c.expression)) return false;
  return comment === undefined || typeof comment === "string";
}

/**
 * `operations.createTable(table, definition)` for a definition built from a model: the same
 * operation, built without copying or freezing when every part is plainly valid.
 *
 * @example
 * ```ts
 * plainCreateTable({ schema: "main", name: "t" }, { columns: [{ name: "id", type: "integer", nullable: false }] });
 * ```
 */
export function plainCreateTable(table: Qualified, definition: TableInput): Operation {
  if (!isQualified(table) || !isPlainTable(definition)) return operations.createTable(table, definition);
  const op: Record<string, unknown> = { kind: "createTable", table: qualified(table) };
  for (const key of TABLE_KEYS) {
    const value = (definition as unknown as Record<string, unknown>)[key];
    if (value !== undefined) op[key] = value;
  }
  return op as unknown as CreateTable;
}

const INDEX_OPTION_TYPES: { readonly [key: string]: (v: unknown) => boolean } = {
  unique: (v) => typeof v === "boolean",
  where: isName,
  method: isName,
  include: isNameList,
  nullsNotDistinct: (v) => typeof v === "boolean",
};
// the factory's key order after kind, name, table and keys
const INDEX_OPTION_ORDER = ["unique", "where", "method", "include", "nullsNotDistinct"] as const;

/** A key `normalizeKey` returns as it is: its column (or expression) first, then its options in order. */
function isPlainKey(k: IndexKey): boolean {
  if (!hasOnly(k, ["column", "expression", "order", "nulls", "opclass"])) return false;
  const [head, ...rest] = Object.keys(k);
  if (head === "column" ? !isName(k.column) : head !== "expression" || !isName(k.expression)) return false;
  let at = -1;
  for (const key of rest) {
    const i = KEY_OPTION_ORDER.indexOf(key);
    if (i <= at) return false;
    at = i;
  }
  return true;
}
const KEY_OPTION_ORDER = ["order", "nulls", "opclass"];

/**
 * `operations.createIndex(name, table, keys, options)` for an index built from a model: the same
 * operation, built without copying or freezing when every part is plainly valid.
 *
 * @example
 * ```ts
 * plainCreateIndex("t_a_idx", { schema: "main", name: "t" }, [{ column: "a" }], { unique: false });
 * ```
 */
export function plainCreateIndex(
  name: string,
  table: Qualified,
  keys: readonly IndexKey[],
  options: CreateIndexOptions,
): Operation {
  const plain =
    isName(name) &&
    isQualified(table) &&
    Array.isArray(keys) &&
    keys.length > 0 &&
    keys.every(isPlainKey) &&
    hasOnly(options, INDEX_OPTION_ORDER) &&
    INDEX_OPTION_ORDER.every(
      (key) => options[key] === undefined || INDEX_OPTION_TYPES[key]?.(options[key]) === true,
    );
  if (!plain) return operations.createIndex(name, table, keys, options);
  const op: Record<string, unknown> = { kind: "createIndex", name, table: qualified(table), keys };
  for (const key of INDEX_OPTION_ORDER) if (options[key] !== undefined) op[key] = options[key];
  return op as unknown as CreateIndex;
}
