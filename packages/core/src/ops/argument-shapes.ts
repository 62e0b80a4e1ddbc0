import type {
  CheckDefinition,
  IndexDefinition,
  ReplacedIndex,
  SequenceOptions,
  UniqueDefinition,
} from "./definitions.js";
import { invalidOperation } from "./normalize.js";
import type { ForeignKeyInput } from "./normalize-definitions.js";
import type { AlterColumn, SyncTriggerDefinition } from "./operation.js";

/**
 * What a field of an options argument may hold. Names, lists and nested definitions (`any`)
 * are checked further by the factory itself.
 */
type FieldType = "boolean" | "string" | "nullableString" | "number" | "stringList" | "any";

/** An argument object: every key it may have, with its type. */
type Shape = { readonly [key: string]: FieldType };

// Each shape lists every key of its type (`-?`), and no other (excess property check), so a key
// added to an operation type fails to compile here until it is listed.
type ShapeOf<T> = { readonly [K in keyof T]-?: FieldType };

const INDEX_OPTIONS: ShapeOf<
  Omit<IndexDefinition, "keys"> & { concurrently?: boolean; replaces?: ReplacedIndex }
> = {
  unique: "boolean",
  where: "string",
  method: "string",
  include: "stringList",
  nullsNotDistinct: "boolean",
  with: "any",
  concurrently: "boolean",
  replaces: "any",
};
const UNIQUE_OPTIONS: ShapeOf<
  Omit<UniqueDefinition, "columns"> & { usingIndex?: string; replaces?: ReplacedIndex }
> = {
  nullsNotDistinct: "boolean",
  deferrable: "boolean",
  initiallyDeferred: "boolean",
  usingIndex: "string",
  replaces: "any",
};
const FOREIGN_KEY: ShapeOf<ForeignKeyInput> = {
  columns: "stringList",
  references: "any",
  onDelete: "string",
  onUpdate: "string",
  match: "string",
  deferrable: "boolean",
  initiallyDeferred: "boolean",
  notValid: "boolean",
};
const CHECK_OPTIONS: ShapeOf<Omit<CheckDefinition, "expression">> = { notValid: "boolean" };
const SEQUENCE: ShapeOf<SequenceOptions> = {
  dataType: "string",
  start: "number",
  increment: "number",
  minValue: "number",
  maxValue: "number",
  cache: "number",
  cycle: "boolean",
};
const ALTER_COLUMN: ShapeOf<Omit<AlterColumn, "kind" | "table" | "column">> = {
  type: "string",
  using: "string",
  nullable: "boolean",
  default: "nullableString",
  comment: "nullableString",
  existingType: "string",
  reverseUsing: "string",
  existingNullable: "boolean",
  existingDefault: "nullableString",
  existingComment: "nullableString",
  onUpdate: "nullableString",
  existingOnUpdate: "nullableString",
  generated: "any",
  existingGenerated: "any",
  autoIncrement: "boolean",
  existingAutoIncrement: "boolean",
};
const TABLE: Shape = {
  columns: "any",
  primaryKey: "any",
  uniques: "any",
  foreignKeys: "any",
  checks: "any",
  comment: "string",
};
const EXISTING: Shape = { existing: "any" };
const SYNC_PAIR: ShapeOf<Omit<SyncTriggerDefinition, "name" | "table">> = {
  source: "string",
  target: "string",
  twoWay: "boolean",
  toTarget: "string",
  toSource: "string",
};

/**
 * The option and definition arguments of each builder, by position: what the argument is called
 * in an error, and its shape. Names, columns and SQL text are checked by the factories.
 */
const ARGUMENTS: { readonly [builder: string]: readonly (readonly [number, string, Shape])[] } = {
  createTable: [[1, "table definition", TABLE]],
  dropTable: [[1, "options", EXISTING]],
  dropColumn: [[2, "options", { existing: "any", existingPosition: "any" }]],
  alterColumn: [[2, "changes", ALTER_COLUMN]],
  createIndex: [[3, "options", INDEX_OPTIONS]],
  dropIndex: [[2, "options", { concurrently: "boolean", existing: "any" }]],
  addPrimaryKey: [[3, "options", { usingIndex: "string" }]],
  addUnique: [[3, "options", UNIQUE_OPTIONS]],
  addForeignKey: [[2, "foreign key", FOREIGN_KEY]],
  addCheck: [[3, "options", CHECK_OPTIONS]],
  dropConstraint: [[2, "options", EXISTING]],
  addNotNull: [[3, "options", { notValid: "boolean" }]],
  createSyncTrigger: [[2, "pair", SYNC_PAIR]],
  dropSyncTrigger: [[2, "pair", SYNC_PAIR]],
  requireNoDependents: [[2, "except", { views: "stringList", syncTriggers: "stringList" }]],
  requireValuesFit: [[3, "options", { key: "stringList" }]],
  dropEnum: [[1, "options", { existingValues: "stringList" }]],
  addEnumValue: [[2, "position", { before: "string", after: "string" }]],
  rebuildEnum: [[2, "options", { existingValues: "stringList", columns: "any" }]],
  alterIndexStorage: [
    [2, "changes", { set: "any", reset: "stringList" }],
    [3, "options", { existing: "any" }],
  ],
  alterColumnIdentity: [[3, "options", { existing: "any" }]],
  alterColumnCollation: [[4, "options", { existing: "nullableString" }]],
  dropSchema: [[1, "options", { cascade: "boolean" }]],
  createSequence: [[1, "options", SEQUENCE]],
  dropSequence: [[1, "options", EXISTING]],
  alterSequence: [
    [1, "set", SEQUENCE],
    [2, "options", EXISTING],
  ],
  setTableComment: [[2, "options", { existing: "nullableString" }]],
  execute: [[1, "options", { down: "string" }]],
};

/**
 * Checks the option and definition arguments of a builder call before the factory reads them:
 * an argument that is not an object, a key the argument does not have, or a value of the wrong
 * type is ATHANOR_INVALID_OPERATION naming the builder and the field (`meta.field`, e.g.
 * `options.concurrently`). Revision files are loaded without type checks, so without this a
 * misspelt option (`{ concurent: true }`) or a string flag (`{ unique: "yes" }`) would be dropped
 * or misread silently.
 *
 * @example
 * ```ts
 * checkArguments("createIndex", ["ix", "users", ["email"], { concurent: true }]);
 * // throws ATHANOR_INVALID_OPERATION: unknown key "concurent" in the options
 * ```
 */
export function checkArguments(builder: string, args: readonly unknown[]): void {
  const checks = ARGUMENTS[builder];
  if (checks === undefined) return;
  for (const [index, what, shape] of checks) {
    const value = args[index];
    if (value === undefined) continue;
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw invalidOperation(builder, `the ${what} must be an object, got ${describe(value)}`, {
        field: what,
      });
    // one pass over the argument's own keys; anything else takes the full check, which words the error
    if (!fitsShape(value as Record<string, unknown>, shape)) checkFully(builder, what, shape, value);
  }
}

/**
 * Whether `value` is a plain object whose every key is in `shape` with a value of its type (an
 * `undefined` one is absent). False for another prototype: inherited keys are read by the full check.
 */
function fitsShape(value: Record<string, unknown>, shape: Shape): boolean {
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(shape, key)) return false;
    const v = value[key];
    if (v !== undefined && !fits(v, shape[key] as FieldType)) return false;
  }
  return true;
}

/** Throws for an argument that does not fit its shape: unknown keys first, then the first misfit in shape order. */
function checkFully(builder: string, what: string, shape: Shape, value: object): void {
  const known = Object.keys(shape);
  const unknown = Object.keys(value).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw invalidOperation(
      builder,
      `${unknown.length === 1 ? "unknown key" : "unknown keys"} ${unknown.map((k) => `"${k}"`).join(", ")} in the ${what} (known: ${known.join(", ")})`,
      { field: what, unknownKeys: unknown, knownKeys: known },
    );
  for (const [key, type] of Object.entries(shape)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined && !fits(v, type))
      throw invalidOperation(builder, `${what}.${key} must be ${TYPE_NAMES[type]}, got ${describe(v)}`, {
        field: `${what}.${key}`,
      });
  }
}

const TYPE_NAMES: { readonly [T in FieldType]: string } = {
  boolean: "true or false",
  string: "a string",
  nullableString: "a string or null",
  number: "a number",
  stringList: "a list of strings",
  any: "a value",
};

function fits(value: unknown, type: FieldType): boolean {
  switch (type) {
    case "boolean":
      return typeof value === "boolean";
    case "string":
      return typeof value === "string";
    case "nullableString":
      return value === null || typeof value === "string";
    case "number":
      return typeof value === "number";
    case "stringList":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "any":
      return true;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
