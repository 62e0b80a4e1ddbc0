import type { JsonValue, NameInput, SequenceOptions } from "./definitions.js";
import {
  compact,
  deepFreeze,
  invalidOperation,
  qualifiedName,
  requireName,
  requireNames,
} from "./normalize.js";
import { normalizeSequenceOptions } from "./normalize-definitions.js";
import type {
  AddEnumValue,
  AlterSequence,
  BulkInsert,
  CreateEnum,
  CreateSchema,
  CreateSequence,
  DropEnum,
  DropSchema,
  DropSequence,
  EnumColumn,
  Execute,
  RebuildEnum,
  RenameEnum,
  RenameEnumValue,
  RenameSequence,
} from "./operation.js";

/** A value `bulkInsert` accepts: JSON values plus `Date` (stored as an ISO-8601 string); `undefined` means "use the default". */
export type BulkValueInput =
  | JsonValue
  | Date
  | undefined
  | readonly BulkValueInput[]
  | { readonly [key: string]: BulkValueInput };

function toJson(value: BulkValueInput, path: string): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw invalidOperation("bulkInsert", `${path} is ${value}, which SQL cannot store`, { path });
    return value;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw invalidOperation("bulkInsert", `${path} is an invalid Date`, { path });
    return value.toISOString();
  }
  if (Array.isArray(value)) return value.map((v, i) => toJson(v, `${path}[${i}]`));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v, `${path}.${k}`);
    return out;
  }
  throw invalidOperation("bulkInsert", `${path} is not JSON data (got ${typeof value})`, { path });
}

/** What {@link typeOperations.rebuildEnum} needs besides the new values. */
export interface RebuildEnumOptions {
  /** The values the type has now: the rebuild refuses while a row holds one the new list drops. */
  readonly existingValues: readonly string[];
  /** Every column typed with the enum (or an array of it), retyped to the new type. */
  readonly columns?: readonly (Omit<EnumColumn, "table"> & { readonly table: NameInput })[];
}

/**
 * Factories for types, schemas, sequences, raw SQL and data; each returns frozen, normalised data.
 *
 * @example
 * ```ts
 * typeOperations.createEnum("mood", ["sad", "ok", "happy"]);
 * ```
 */
export const typeOperations = {
  /** `op.createEnum("mood", ["sad", "ok", "happy"])` */
  createEnum(name: NameInput, values: readonly string[]): CreateEnum {
    const kind = "createEnum";
    return deepFreeze({
      kind,
      name: qualifiedName(kind, "type name", name),
      values: requireNames(kind, "enum values", values),
    });
  },
  /** `op.dropEnum("mood", { existingValues: ["sad", "ok", "happy"] })` */
  dropEnum(name: NameInput, options: { readonly existingValues?: readonly string[] } = {}): DropEnum {
    const kind = "dropEnum";
    const existingValues =
      options.existingValues === undefined
        ? undefined
        : requireNames(kind, "existing values", options.existingValues);
    return deepFreeze(compact({ kind, name: qualifiedName(kind, "type name", name), existingValues }));
  },
  /** `op.addEnumValue("mood", "meh", { after: "sad" })` */
  addEnumValue(
    name: NameInput,
    value: string,
    position: { readonly before?: string; readonly after?: string } = {},
  ): AddEnumValue {
    const kind = "addEnumValue";
    if (position.before !== undefined && position.after !== undefined) {
      throw invalidOperation(kind, "give either before or after, not both", { value });
    }
    const at = (what: string, v: string | undefined) =>
      v === undefined ? undefined : requireName(kind, what, v);
    return deepFreeze(
      compact({
        kind,
        name: qualifiedName(kind, "type name", name),
        value: requireName(kind, "enum value", value),
        before: at("before", position.before),
        after: at("after", position.after),
      }),
    );
  },
  /** `op.renameEnumValue("mood", "ok", "fine")` */
  renameEnumValue(name: NameInput, from: string, to: string): RenameEnumValue {
    const kind = "renameEnumValue";
    return deepFreeze({
      kind,
      name: qualifiedName(kind, "type name", name),
      from: requireName(kind, "enum value", from),
      to: requireName(kind, "new enum value", to),
    });
  },
  /** `op.renameEnum("mood", "feeling")` */
  renameEnum(name: NameInput, to: string): RenameEnum {
    const kind = "renameEnum";
    return deepFreeze({
      kind,
      name: qualifiedName(kind, "type name", name),
      to: requireName(kind, "new type name", to),
    });
  },
  /** `op.rebuildEnum("mood", ["sad", "happy"], { existingValues: ["sad", "ok", "happy"], columns: [{ table: "users", column: "mood" }] })` */
  rebuildEnum(name: NameInput, values: readonly string[], options: RebuildEnumOptions): RebuildEnum {
    const kind = "rebuildEnum";
    const o: RebuildEnumOptions = options ?? { existingValues: [] };
    return deepFreeze({
      kind,
      name: qualifiedName(kind, "type name", name),
      values: requireNames(kind, "enum values", values),
      existingValues: requireNames(kind, "existing values", o.existingValues),
      columns: (o.columns ?? []).map((c, i) =>
        compact({
          table: qualifiedName(kind, `columns[${i}].table`, c?.table),
          column: requireName(kind, `columns[${i}].column`, c?.column),
          array: c?.array === true ? (true as const) : undefined,
          default:
            c?.default === undefined ? undefined : requireName(kind, `columns[${i}].default`, c.default),
        }),
      ),
    });
  },
  /** `op.createSchema("billing")` */
  createSchema(name: string): CreateSchema {
    return deepFreeze({ kind: "createSchema", name: requireName("createSchema", "schema name", name) });
  },
  /** `op.dropSchema("billing", { cascade: true })` — `cascade` also drops everything inside. */
  dropSchema(name: string, options: { readonly cascade?: boolean } = {}): DropSchema {
    return deepFreeze(
      compact({
        kind: "dropSchema",
        name: requireName("dropSchema", "schema name", name),
        cascade: options.cascade === true ? true : undefined,
      }),
    );
  },
  /** `op.createSequence("invoice_no", { start: 1000 })` */
  createSequence(name: NameInput, options: SequenceOptions = {}): CreateSequence {
    const kind = "createSequence";
    return deepFreeze({
      kind,
      name: qualifiedName(kind, "sequence name", name),
      ...normalizeSequenceOptions(kind, options),
    });
  },
  /** `op.dropSequence("invoice_no", { existing: { start: 1000 } })` */
  dropSequence(name: NameInput, options: { readonly existing?: SequenceOptions } = {}): DropSequence {
    const kind = "dropSequence";
    const existing =
      options.existing === undefined ? undefined : normalizeSequenceOptions(kind, options.existing);
    return deepFreeze(compact({ kind, name: qualifiedName(kind, "sequence name", name), existing }));
  },
  /** `op.alterSequence("invoice_no", { increment: 10 }, { existing: { increment: 1 } })` */
  alterSequence(
    name: NameInput,
    set: SequenceOptions,
    options: { readonly existing?: SequenceOptions } = {},
  ): AlterSequence {
    const kind = "alterSequence";
    const changes = normalizeSequenceOptions(kind, set ?? {});
    if (Object.keys(changes).length === 0) throw invalidOperation(kind, "nothing to change", {});
    const existing =
      options.existing === undefined ? undefined : normalizeSequenceOptions(kind, options.existing);
    return deepFreeze(
      compact({ kind, name: qualifiedName(kind, "sequence name", name), set: changes, existing }),
    );
  },
  /** `op.renameSequence("users_id_seq", "accounts_id_seq")` — the sequence stays in its schema. */
  renameSequence(name: NameInput, to: string): RenameSequence {
    const kind = "renameSequence";
    return deepFreeze({
      kind,
      name: qualifiedName(kind, "sequence name", name),
      to: requireName(kind, "new sequence name", to),
    });
  },
  /** `op.execute("UPDATE users SET active = true", { down: "UPDATE users SET active = false" })` */
  execute(sql: string, options: { readonly down?: string } = {}): Execute {
    const kind = "execute";
    const downSql = options.down === undefined ? undefined : requireName(kind, "down SQL", options.down);
    return deepFreeze(compact({ kind, sql: requireName(kind, "SQL", sql), downSql }));
  },
  /** `op.bulkInsert("currencies", [{ code: "EUR", digits: 2 }, { code: "JPY", digits: 0 }])` */
  bulkInsert(table: NameInput, rows: readonly { readonly [column: string]: BulkValueInput }[]): BulkInsert {
    const kind = "bulkInsert";
    if (!Array.isArray(rows)) throw invalidOperation(kind, "rows must be a list of objects", {});
    const data = rows.map((row, i) => {
      if (typeof row !== "object" || row === null || Array.isArray(row)) {
        throw invalidOperation(kind, `row ${i} is not an object`, { row: i });
      }
      for (const column of Object.keys(row)) requireName(kind, "column name", column);
      return toJson(row, `rows[${i}]`) as { readonly [column: string]: JsonValue };
    });
    return deepFreeze({ kind, table: qualifiedName(kind, "table", table), rows: data });
  },
} as const;
