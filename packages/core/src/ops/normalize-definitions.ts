import type {
  CheckDefinition,
  ColumnDefinition,
  ColumnSpec,
  DroppedConstraintDefinition,
  ForeignKeyDefinition,
  GeneratedSpec,
  IndexDefinition,
  IndexKey,
  NameInput,
  NotNullDefinition,
  ReplacedIndex,
  SequenceOptions,
  UniqueDefinition,
} from "./definitions.js";
import {
  compact,
  invalidOperation,
  qualifiedName,
  rejectUnknownKeys,
  requireName,
  requireNames,
} from "./normalize.js";
import { isParameterText, parameterValues } from "./storage-parameters.js";

/**
 * A column as builders accept it: `nullable` defaults to true (false for identity columns).
 *
 * @example
 * ```ts
 * const input: ColumnInput = { name: "id", type: "bigint", identity: { always: true } };
 * ```
 */
export type ColumnInput = Omit<ColumnSpec, "nullable"> & { readonly nullable?: boolean };

/** A column definition without a name, as `dropColumn`'s `existing` accepts it. */
export type ColumnDefinitionInput = Omit<ColumnInput, "name">;

/** An index key as builders accept it: a column name, or a full {@link IndexKey}. */
export type IndexKeyInput = string | IndexKey;

/** An index definition as builders accept it. */
export type IndexDefinitionInput = Omit<IndexDefinition, "keys"> & {
  readonly keys: readonly IndexKeyInput[];
};

/** A foreign key as builders accept it: the referenced table may be a plain string. */
export type ForeignKeyInput = Omit<ForeignKeyDefinition, "references"> & {
  readonly references: { readonly table: NameInput; readonly columns: readonly string[] };
};

const SEQUENCE_KEYS = ["start", "increment", "minValue", "maxValue", "cache"] as const;

/** Validates sequence/identity options (safe integers, non-zero increment); drops absent keys. `normalizeSequenceOptions("createSequence", { start: 1 })` */
export function normalizeSequenceOptions<T extends SequenceOptions>(kind: string, input: T): T {
  for (const key of SEQUENCE_KEYS) {
    const v = input[key];
    if (v !== undefined && !Number.isSafeInteger(v))
      throw invalidOperation(kind, `${key} must be a safe integer`, { field: key });
  }
  if (input.increment === 0) throw invalidOperation(kind, "increment must not be 0", { field: "increment" });
  if (input.dataType !== undefined) requireName(kind, "dataType", input.dataType);
  return compact({ ...input });
}

const COLUMN_KEYS = [
  "name",
  "type",
  "nullable",
  "default",
  "identity",
  "generated",
  "collation",
  "comment",
  "onUpdate",
] as const satisfies readonly (keyof ColumnInput)[];

/** Validates a column definition (default, identity and generated exclude each other) and fills `nullable`. `normalizeColumnDefinition("dropColumn", "c", { type: "text" })` */
export function normalizeColumnDefinition(
  kind: string,
  column: string,
  input: ColumnDefinitionInput,
): ColumnDefinition {
  rejectUnknownKeys(kind, `column "${column}"`, input, COLUMN_KEYS);
  const type = requireName(kind, "column type", input.type);
  const exclusive = [
    input.default !== undefined,
    input.identity !== undefined,
    input.generated !== undefined,
  ];
  if (exclusive.filter(Boolean).length > 1) {
    throw invalidOperation(kind, `column "${column}" may have only one of default, identity and generated`, {
      column,
    });
  }
  if (input.identity !== undefined && input.nullable === true) {
    throw invalidOperation(kind, `identity column "${column}" cannot be nullable`, { column });
  }
  return compact({
    type,
    nullable: input.nullable ?? input.identity === undefined,
    default: input.default === undefined ? undefined : requireName(kind, "default expression", input.default),
    identity:
      input.identity === undefined ? undefined : normalizeSequenceOptions(kind, { ...input.identity }),
    generated: input.generated === undefined ? undefined : normalizeGenerated(kind, column, input.generated),
    collation: input.collation === undefined ? undefined : requireName(kind, "collation", input.collation),
    comment: input.comment,
    onUpdate:
      input.onUpdate === undefined ? undefined : requireName(kind, "onUpdate expression", input.onUpdate),
  });
}

/** A generation expression and its storage; stored is written by leaving `storage` out. `normalizeGenerated("addColumn", "c", { expression: "a + 1" })` */
export function normalizeGenerated(kind: string, column: string, input: GeneratedSpec): GeneratedSpec {
  const expression = requireName(kind, "generated expression", input?.expression);
  const storage = input.storage;
  if (storage !== undefined && storage !== "stored" && storage !== "virtual")
    throw invalidOperation(kind, `generated storage of "${column}" must be "stored" or "virtual"`, {
      column,
    });
  return compact({ expression, storage: storage === "virtual" ? storage : undefined });
}

/** {@link normalizeColumnDefinition} plus the name. `normalizeColumn("addColumn", { name: "c", type: "text" })` */
export function normalizeColumn(kind: string, input: ColumnInput): ColumnSpec {
  const name = requireName(kind, "column name", input?.name);
  return { name, ...normalizeColumnDefinition(kind, name, input) };
}

function normalizeKey(kind: string, key: IndexKeyInput): IndexKey {
  if (typeof key === "string") return { column: requireName(kind, "index column", key) };
  const options = compact({ order: key.order, nulls: key.nulls, opclass: key.opclass });
  if (key.column !== undefined) return { column: requireName(kind, "index column", key.column), ...options };
  return { expression: requireName(kind, "index expression", key.expression), ...options };
}

/** Turns string keys into `{ column }` keys and validates the rest. `normalizeIndexDefinition("createIndex", { keys: ["a"] })` */
export function normalizeIndexDefinition(kind: string, input: IndexDefinitionInput): IndexDefinition {
  if (!Array.isArray(input?.keys) || input.keys.length === 0)
    throw invalidOperation(kind, "an index needs at least one key", {});
  return compact({
    keys: input.keys.map((k) => normalizeKey(kind, k)),
    unique: input.unique,
    where: input.where === undefined ? undefined : requireName(kind, "where predicate", input.where),
    method: input.method === undefined ? undefined : requireName(kind, "index method", input.method),
    include: input.include === undefined ? undefined : requireNames(kind, "include", input.include),
    nullsNotDistinct: input.nullsNotDistinct,
    with: indexStorage(kind, input.with),
  });
}

function indexStorage(kind: string, input: IndexDefinition["with"]): IndexDefinition["with"] {
  const values = parameterValues(kind, "with", input, isParameterText);
  return values === undefined || Object.keys(values).length === 0 ? undefined : values;
}

/** What `replaces` may be given: an index definition as builders accept it, or a unique key. */
export interface ReplacedIndexInput {
  readonly existing: IndexDefinitionInput | ({ readonly type: "unique" } & UniqueDefinition);
}

/**
 * Validates `replaces` of `createIndex`/`addUnique`: `{ existing }` holding an index definition
 * (`keys`) or a unique key (`type: "unique"`). `normalizeReplacedIndex("addUnique", { existing: { type: "unique", columns: ["email"] } })`
 */
export function normalizeReplacedIndex(
  kind: string,
  input: ReplacedIndexInput | undefined,
): ReplacedIndex | undefined {
  if (input === undefined) return undefined;
  const existing = input?.existing;
  const extra = Object.keys(input ?? {}).filter((k) => k !== "existing");
  if (typeof existing !== "object" || existing === null || extra.length > 0)
    throw invalidOperation(kind, "replaces must be { existing: <index definition or unique key> }", {
      field: "options.replaces",
    });
  if ("type" in existing) {
    if (existing.type !== "unique")
      throw invalidOperation(kind, 'replaces.existing.type must be "unique" (or give the index\'s keys)', {
        field: "options.replaces.existing.type",
      });
    return { existing: { type: "unique", ...normalizeUnique(kind, existing) } };
  }
  return { existing: normalizeIndexDefinition(kind, existing) };
}

/** Validates a unique constraint. `normalizeUnique("addUnique", { columns: ["email"] })` */
export function normalizeUnique(kind: string, input: UniqueDefinition): UniqueDefinition {
  return compact({
    columns: requireNames(kind, "columns", input?.columns),
    nullsNotDistinct: input.nullsNotDistinct,
    deferrable: input.deferrable,
    initiallyDeferred: input.initiallyDeferred,
  });
}

/** Validates a foreign key (matching column counts, deferral) and qualifies the referenced table. `normalizeForeignKey("addForeignKey", { columns: ["a"], references: { table: "t", columns: ["id"] } })` */
export function normalizeForeignKey(kind: string, input: ForeignKeyInput): ForeignKeyDefinition {
  const columns = requireNames(kind, "columns", input?.columns);
  const refColumns = requireNames(kind, "referenced columns", input.references?.columns);
  if (refColumns.length !== columns.length) {
    throw invalidOperation(kind, `${columns.length} columns reference ${refColumns.length} columns`, {
      columns,
      refColumns,
    });
  }
  if (input.initiallyDeferred === true && input.deferrable !== true) {
    throw invalidOperation(kind, "initiallyDeferred needs deferrable: true", {});
  }
  return compact({
    columns,
    references: {
      table: qualifiedName(kind, "referenced table", input.references.table),
      columns: refColumns,
    },
    onDelete: input.onDelete,
    onUpdate: input.onUpdate,
    match: input.match,
    deferrable: input.deferrable,
    initiallyDeferred: input.initiallyDeferred,
    notValid: input.notValid,
  });
}

/** Validates a check constraint. `normalizeCheck("addCheck", { expression: "a > 0" })` */
export function normalizeCheck(kind: string, input: CheckDefinition): CheckDefinition {
  return compact({
    expression: requireName(kind, "check expression", input?.expression),
    notValid: input.notValid,
  });
}

/** Validates a named NOT NULL constraint. `normalizeNotNull("addNotNull", { column: "email", notValid: true })` */
export function normalizeNotNull(kind: string, input: NotNullDefinition): NotNullDefinition {
  if (input.notValid !== undefined && typeof input.notValid !== "boolean")
    throw invalidOperation(kind, "notValid must be true or false", { field: "notValid" });
  return compact({ column: requireName(kind, "column", input?.column), notValid: input.notValid });
}

/** A {@link ConstraintDefinition} as builders accept it. */
export type ConstraintDefinitionInput =
  | Exclude<DroppedConstraintDefinition, { type: "foreignKey" }>
  | ({ readonly type: "foreignKey" } & ForeignKeyInput);

/** Normalises a tagged constraint definition by its `type`. `normalizeConstraint("dropConstraint", { type: "check", expression: "a > 0" })` */
export function normalizeConstraint(
  kind: string,
  input: ConstraintDefinitionInput,
): DroppedConstraintDefinition {
  switch (input?.type) {
    case "primaryKey":
      return { type: "primaryKey", columns: requireNames(kind, "columns", input.columns) };
    case "unique":
      return { type: "unique", ...normalizeUnique(kind, input) };
    case "foreignKey":
      return { type: "foreignKey", ...normalizeForeignKey(kind, input) };
    case "check":
      return { type: "check", ...normalizeCheck(kind, input) };
    case "notNull":
      return { type: "notNull", ...normalizeNotNull(kind, input) };
    default:
      throw invalidOperation(
        kind,
        "existing.type must be primaryKey, unique, foreignKey, check or notNull",
        {},
      );
  }
}
