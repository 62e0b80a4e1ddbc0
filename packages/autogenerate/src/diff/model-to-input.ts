import type {
  CheckModel,
  ColumnInput,
  ColumnModel,
  DifferHooks,
  ForeignKeyInput,
  ForeignKeyModel,
  IdentitySpec,
  IndexDefinitionInput,
  IndexKeyInput,
  IndexModel,
  NameInput,
  SequenceOptions,
  SequenceOptionsModel,
  TableInput,
  TableModel,
  UniqueModel,
} from "@athanor/core";
import { storageParameters } from "../index-storage-parameters.js";
import { generatedSpec } from "../materialize-schema-model.js";

/**
 * How the differ writes names and SQL for one run: names in `defaultSchema` are unqualified,
 * and the dialect's {@link DifferHooks} decide what varies by database (index null ordering,
 * identity changes...).
 */
export interface NameContext {
  readonly defaultSchema: string;
  /** The dialect's decisions (its module's `differHooks`). */
  readonly hooks: DifferHooks;
}

/** A table, type or sequence name as builders take it. `nameOf(ctx, "public", "users") === "users"` */
export function nameOf(ctx: NameContext, schema: string, name: string): NameInput {
  return schema === ctx.defaultSchema ? name : { schema, name };
}

const INTEGER_MAX: Readonly<Record<string, bigint>> = {
  smallint: 32767n,
  integer: 2147483647n,
  bigint: 9223372036854775807n,
};

/**
 * Sequence options from the model's decimal strings, leaving out every option at the
 * database's default (so the generated code says only what was chosen) and any value a
 * JavaScript number cannot hold exactly (reported in `lost`).
 */
export function sequenceOptionsOf(
  model: SequenceOptionsModel,
  includeDataType: boolean,
  lost: string[],
): SequenceOptions {
  const max = INTEGER_MAX[model.dataType] ?? INTEGER_MAX.bigint ?? 0n;
  const ascending = BigInt(model.increment) > 0n;
  const defaults = {
    increment: 1n,
    minValue: ascending ? 1n : -max - 1n,
    maxValue: ascending ? max : -1n,
  };
  const out: Record<string, number | boolean | string> = {};
  if (includeDataType && model.dataType !== "bigint") out.dataType = model.dataType;
  const put = (key: string, text: string, fallback: bigint) => {
    const value = BigInt(text);
    if (value === fallback) return;
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      lost.push(`${key} ${text}`);
      return;
    }
    out[key] = Number(value);
  };
  put("increment", model.increment, defaults.increment);
  put("minValue", model.min, defaults.minValue);
  put("maxValue", model.max, defaults.maxValue);
  put("start", model.start, ascending ? BigInt(model.min) : BigInt(model.max));
  put("cache", model.cache, 1n);
  if (model.cycle) out.cycle = true;
  return out as SequenceOptions;
}

const SERIAL_TYPES: Readonly<Record<string, string>> = {
  smallint: "smallserial",
  integer: "serial",
  bigint: "bigserial",
};

/**
 * A column as `addColumn`/`createTable` take it. `serialOwned` marks a column whose default is
 * `nextval` of a sequence it owns: it is written as `serial`, which recreates both.
 */
export function columnInput(
  _ctx: NameContext,
  column: ColumnModel,
  serialOwned: boolean,
  lost: string[],
): ColumnInput {
  const serialType = serialOwned ? SERIAL_TYPES[column.type] : undefined;
  const out: Record<string, unknown> = { name: column.name, type: serialType ?? column.type };
  if (column.identity !== null) {
    const identity: IdentitySpec = {
      always: column.identity.generation === "always",
      ...(column.identity.sequence === null ? {} : sequenceOptionsOf(column.identity.sequence, false, lost)),
    };
    out.identity = identity;
    if (column.nullable) out.nullable = true;
  } else {
    if (!column.nullable) out.nullable = false;
    if (column.default !== null && serialType === undefined) out.default = column.default;
  }
  if (column.generated !== null) out.generated = generatedSpec(column.generated);
  if (column.collation !== null) out.collation = column.collation;
  if (column.comment !== null) out.comment = column.comment;
  if (column.onUpdate !== null) out.onUpdate = column.onUpdate;
  return out as unknown as ColumnInput;
}

/** `uniques` entry / `addUnique` options: only the flags that are set. */
export function uniqueOptions(unique: UniqueModel): {
  nullsNotDistinct?: boolean;
  deferrable?: boolean;
  initiallyDeferred?: boolean;
} {
  return {
    ...(unique.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
    ...(unique.deferrable ? { deferrable: true } : {}),
    ...(unique.initiallyDeferred ? { initiallyDeferred: true } : {}),
  };
}

/** A foreign key as `addForeignKey` takes it; actions at their default are left out. */
export function foreignKeyInput(ctx: NameContext, fk: ForeignKeyModel): ForeignKeyInput {
  return {
    columns: fk.columns,
    references: {
      table: nameOf(ctx, fk.referencedSchema, fk.referencedTable),
      columns: fk.referencedColumns,
    },
    ...(fk.onDelete !== "no action" ? { onDelete: fk.onDelete } : {}),
    ...(fk.onUpdate !== "no action" ? { onUpdate: fk.onUpdate } : {}),
    ...(fk.match === "full" ? { match: "full" as const } : {}),
    ...(fk.deferrable ? { deferrable: true } : {}),
    ...(fk.initiallyDeferred ? { initiallyDeferred: true } : {}),
    ...(fk.validated ? {} : { notValid: true }),
  };
}

/** `addCheck` options. */
export function checkOptions(check: CheckModel): { notValid?: boolean } {
  return check.validated ? {} : { notValid: true };
}

/** An index as `createIndex` takes it; key options at the database's default are left out. */
export function indexInput(ctx: NameContext, index: IndexModel): IndexDefinitionInput {
  const nullsOrdering = ctx.hooks.indexNullsOrdering;
  const keys: IndexKeyInput[] = index.keys.map((key) => {
    const defaultNulls = key.order === "desc" ? "first" : "last";
    const options = {
      ...(key.order === "desc" ? { order: "desc" as const } : {}),
      ...(nullsOrdering && key.nulls !== defaultNulls ? { nulls: key.nulls } : {}),
      ...(key.opclass !== null ? { opclass: key.opclass } : {}),
    };
    if (key.kind === "column")
      return Object.keys(options).length === 0 ? key.column : { column: key.column, ...options };
    return { expression: key.expression, ...options };
  });
  return {
    keys,
    ...(index.unique ? { unique: true } : {}),
    ...(index.where !== null ? { where: index.where } : {}),
    ...(index.method !== "btree" ? { method: index.method } : {}),
    ...(index.include.length > 0 ? { include: index.include } : {}),
    ...(index.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
    ...(ctx.hooks.indexStorageParameters && index.with.length > 0 ? { with: storageParameters(index) } : {}),
  };
}

/**
 * A whole table as `createTable` (and `dropTable`'s `existing`) take it. `foreignKeys` says
 * which of the table's foreign keys go inline; the others are added separately.
 */
export function tableInput(
  ctx: NameContext,
  table: TableModel,
  options: {
    readonly foreignKeys: readonly ForeignKeyModel[];
    readonly serialColumns: ReadonlySet<string>;
    readonly lost: string[];
  },
): TableInput {
  return {
    columns: table.columns.map((c) => columnInput(ctx, c, options.serialColumns.has(c.name), options.lost)),
    ...(table.primaryKey === null
      ? {}
      : { primaryKey: { name: table.primaryKey.name, columns: table.primaryKey.columns } }),
    ...(table.uniques.length === 0
      ? {}
      : { uniques: table.uniques.map((u) => ({ name: u.name, columns: u.columns, ...uniqueOptions(u) })) }),
    ...(options.foreignKeys.length === 0
      ? {}
      : { foreignKeys: options.foreignKeys.map((f) => ({ name: f.name, ...foreignKeyInput(ctx, f) })) }),
    ...(table.checks.length === 0
      ? {}
      : {
          checks: table.checks.map((c) => ({ name: c.name, expression: c.expression, ...checkOptions(c) })),
        }),
    ...(table.comment === null ? {} : { comment: table.comment }),
  };
}
