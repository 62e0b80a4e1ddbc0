import type {
  ColumnInput,
  ColumnModel,
  DifferHooks,
  ForeignKeyInput,
  ForeignKeyModel,
  GeneratedModel,
  GeneratedSpec,
  IdentitySpec,
  IndexKey,
  IndexModel,
  Operation,
  SchemaModel,
  SequenceModel,
  SequenceOptions,
  SequenceOptionsModel,
  TableModel,
} from "@athanor/core";
import { AthanorError, operations } from "@athanor/core";
import { creationOrder } from "./diff/table-order.js";
import { storageParameters } from "./index-storage-parameters.js";
import { plainCreateIndex, plainCreateTable } from "./plain-create-operations.js";
import { resolveSequenceOptions } from "./sequence-options.js";
import { materializeViewsAndSecurity } from "./view-ops.js";

/** The decisions of {@link DifferHooks} that shape a model built from nothing. */
export type MaterializeHooks = Pick<
  DifferHooks,
  "defaultSchema" | "schemasAreDatabases" | "identityChange" | "indexNullsOrdering" | "forwardForeignKeys"
>;

/** Options of {@link materializeSchemaModel}. */
export interface MaterializeOptions {
  /** The dialect module's differ hooks (`module.differHooks(flavour)`): how the model becomes operations. */
  readonly hooks: MaterializeHooks;
  /**
   * Schemas that already exist and get no `createSchema` (default: the hooks' `defaultSchema`;
   * all of the model's where a schema is a database or there is no fixed default).
   */
  readonly existingSchemas?: readonly string[];
  /**
   * Create referenced tables first and declare foreign keys inside `CREATE TABLE` (only the keys
   * of a reference cycle come afterwards). MySQL rebuilds a table for every `ADD FOREIGN KEY`,
   * so this is several times faster there; the end state is the same.
   */
  readonly inlineForeignKeys?: boolean | undefined;
  /**
   * The operations are only rendered and thrown away (a scratch build): tables and indexes are
   * built without the factories' copying and freezing where their input is plainly valid
   * (plain-create-operations.ts); anything else still goes through the factory and its checks.
   */
  readonly plain?: boolean | undefined;
}

const SERIAL_TYPE: Readonly<Record<string, string>> = {
  smallint: "smallserial",
  integer: "serial",
  bigint: "bigserial",
};
const OPTION_KEYS = [
  ["start", "start"],
  ["increment", "increment"],
  ["min", "minValue"],
  ["max", "maxValue"],
  ["cache", "cache"],
] as const;

/** The options of `actual` that differ from PostgreSQL's defaults for its type, as numbers. */
function changedOptions(actual: SequenceOptionsModel, where: string): SequenceOptions {
  // Bounds and start default differently for descending sequences; the increment's own default is 1.
  const descending = actual.increment.startsWith("-");
  const defaults = {
    ...resolveSequenceOptions(actual.dataType, { increment: descending ? -1 : 1 }),
    increment: "1",
  };
  const out: { -readonly [K in keyof SequenceOptions]: SequenceOptions[K] } = {};
  for (const [from, to] of OPTION_KEYS) {
    if (actual[from] === defaults[from]) continue;
    const value = Number(actual[from]);
    if (!Number.isSafeInteger(value)) {
      throw new AthanorError(
        "ATHANOR_UNSUPPORTED",
        `The ${from} value ${actual[from]} of ${where} is beyond JavaScript's safe integers, which sequence operations hold. Use a value within ±9007199254740991 or leave it at the default.`,
        { where, option: from, value: actual[from] },
      );
    }
    out[to] = value;
  }
  if (actual.cycle) out.cycle = true;
  return out;
}

/**
 * The sequence behind a `serial` column, if the column is one: owned by it and its default.
 *
 * @example
 * ```ts
 * serialSequence(model, users, users.columns[0])?.name; // "users_id_seq"
 * ```
 */
export function serialSequence(
  model: SchemaModel,
  table: TableModel,
  column: ColumnModel,
): SequenceModel | undefined {
  if (
    column.default === null ||
    !column.default.startsWith("nextval(") ||
    SERIAL_TYPE[column.type] === undefined
  )
    return undefined;
  return model.sequences.find(
    (s) =>
      s.schema === table.schema &&
      s.ownedBy?.table === table.name &&
      s.ownedBy.column === column.name &&
      s.dataType === column.type,
  );
}

/**
 * A model column as the `createTable`/`addColumn` input that recreates it; a serial column
 * becomes `serial` (its sequence then comes along) when `serial` is set.
 *
 * @example
 * ```ts
 * columnInput(column, false, postgresDifferHooks, "users.email"); // { name: "email", type: "text", nullable: false }
 * ```
 */
export function columnInput(
  column: ColumnModel,
  serial: boolean,
  hooks: Pick<MaterializeHooks, "identityChange">,
  where: string,
): ColumnInput {
  const identity: IdentitySpec | undefined =
    column.identity === null
      ? undefined
      : {
          always: column.identity.generation === "always",
          ...(column.identity.sequence === null ? {} : changedOptions(column.identity.sequence, where)),
        };
  return {
    name: column.name,
    type: serial ? (SERIAL_TYPE[column.type] ?? column.type) : column.type,
    nullable: column.nullable,
    ...(column.default === null || serial ? {} : { default: column.default }),
    ...(identity === undefined
      ? {}
      : { identity: hooks.identityChange === "identity" ? identity : { always: false } }),
    ...(column.generated === null ? {} : { generated: generatedSpec(column.generated) }),
    ...(column.collation === null ? {} : { collation: column.collation }),
    ...(column.comment === null ? {} : { comment: column.comment }),
    ...(column.onUpdate === null ? {} : { onUpdate: column.onUpdate }),
  };
}

/**
 * A generated column as operations carry it: storage is written only when virtual (stored is
 * the default, and the only kind PostgreSQL has).
 *
 * @example
 * ```ts
 * generatedSpec({ expression: "a + b", storage: "virtual" }); // { expression: "a + b", storage: "virtual" }
 * ```
 */
export function generatedSpec(generated: GeneratedModel): GeneratedSpec {
  return generated.storage === "virtual"
    ? { expression: generated.expression, storage: "virtual" }
    : { expression: generated.expression };
}

/**
 * The operations that create one index of `table`, storage parameters included.
 *
 * @example
 * ```ts
 * indexOps(users, users.indexes[0], postgresDifferHooks); // [createIndex(...)]
 * ```
 */
export function indexOps(
  table: TableModel,
  index: IndexModel,
  hooks: Pick<MaterializeHooks, "indexNullsOrdering">,
  plain = false,
): Operation[] {
  const keys = index.keys.map((key): IndexKey => {
    // Where keys carry no NULL ordering (MySQL, SQLite: one per direction) there is nothing to state.
    const defaultNulls = !hooks.indexNullsOrdering || key.nulls === (key.order === "desc" ? "first" : "last");
    const options = {
      ...(key.order === "desc" ? { order: "desc" as const } : {}),
      ...(defaultNulls ? {} : { nulls: key.nulls }),
      ...(key.opclass === null ? {} : { opclass: key.opclass }),
    };
    return key.kind === "column"
      ? { column: key.column, ...options }
      : { expression: key.expression, ...options };
  });
  const name = { schema: table.schema, name: table.name };
  const createIndex = plain ? plainCreateIndex : operations.createIndex;
  const ops: Operation[] = [
    createIndex(index.name, name, keys, {
      unique: index.unique,
      ...(index.method === "btree" ? {} : { method: index.method }),
      ...(index.where === null ? {} : { where: index.where }),
      ...(index.include.length === 0 ? {} : { include: index.include }),
      ...(index.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
      ...(index.with.length === 0 ? {} : { with: storageParameters(index) }),
    }),
  ];
  return ops;
}

function foreignKeyInput(fk: ForeignKeyModel): ForeignKeyInput {
  return {
    columns: fk.columns,
    references: {
      table: { schema: fk.referencedSchema, name: fk.referencedTable },
      columns: fk.referencedColumns,
    },
    // Always explicit: MariaDB's implicit action is RESTRICT, which it reports as such.
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
    ...(fk.match === "full" ? { match: "full" as const } : {}),
    ...(fk.deferrable ? { deferrable: true, initiallyDeferred: fk.initiallyDeferred } : {}),
  };
}

/**
 * The operations that create `model` from nothing, in an order that works: schemas, enums,
 * free sequences, tables (columns, primary key, uniques, checks), then every foreign key (so
 * tables may reference each other in any order), then indexes. A `serial` column (an integer
 * column whose `nextval` default uses a sequence it owns) is created as `serial`, which
 * brings its sequence along exactly as the database names and owns it.
 *
 * @example
 * ```ts
 * const ops = materializeSchemaModel(model, { hooks: postgresDifferHooks });
 * const sql = ops.flatMap((op) => renderPostgres(op));
 * ```
 */
export function materializeSchemaModel(model: SchemaModel, options: MaterializeOptions): Operation[] {
  const { hooks } = options;
  const existing = new Set(
    options.existingSchemas ??
      (hooks.schemasAreDatabases || hooks.defaultSchema === undefined
        ? model.schemas
        : [hooks.defaultSchema]),
  );
  const ops: Operation[] = model.schemas
    .filter((s) => !existing.has(s))
    .map((s) => operations.createSchema(s));
  for (const e of model.enums) ops.push(operations.createEnum({ schema: e.schema, name: e.name }, e.values));
  const serialOwned = new Set<SequenceModel>();
  for (const table of model.tables)
    for (const column of table.columns) {
      const seq = serialSequence(model, table, column);
      if (seq !== undefined) serialOwned.add(seq);
    }
  for (const s of model.sequences) {
    if (serialOwned.has(s)) continue;
    const where = `sequence ${s.schema}.${s.name}`;
    ops.push(
      operations.createSequence(
        { schema: s.schema, name: s.name },
        { dataType: s.dataType, ...changedOptions(s, where) },
      ),
    );
  }
  const later: Operation[] = [];
  const createTable = options.plain === true ? plainCreateTable : operations.createTable;
  // Forward foreign keys (SQLite): every key inside CREATE TABLE (a reference may name a table
  // created later; adding one afterwards is a rebuild of the table).
  const { order, deferred } =
    hooks.forwardForeignKeys === true
      ? { order: model.tables, deferred: new Map<TableModel, ForeignKeyModel[]>() }
      : options.inlineForeignKeys
        ? creationOrder(model.tables)
        : { order: model.tables, deferred: undefined };
  for (const table of order) {
    const name = { schema: table.schema, name: table.name };
    const columns = table.columns.map((c) =>
      columnInput(c, serialSequence(model, table, c) !== undefined, hooks, `${table.name}.${c.name}`),
    );
    const afterwards = deferred === undefined ? table.foreignKeys : (deferred.get(table) ?? []);
    const inline = table.foreignKeys.filter((fk) => !afterwards.includes(fk));
    ops.push(
      createTable(name, {
        columns,
        ...(table.primaryKey === null
          ? {}
          : { primaryKey: { name: table.primaryKey.name, columns: table.primaryKey.columns } }),
        uniques: table.uniques.map((u) => ({
          name: u.name,
          columns: u.columns,
          ...(u.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
          ...(u.deferrable ? { deferrable: true, initiallyDeferred: u.initiallyDeferred } : {}),
        })),
        ...(inline.length === 0
          ? {}
          : { foreignKeys: inline.map((fk) => ({ name: fk.name, ...foreignKeyInput(fk) })) }),
        checks: table.checks.map((c) => ({ name: c.name, expression: c.expression })),
        ...(table.comment === null ? {} : { comment: table.comment }),
      }),
    );
    for (const fk of afterwards) later.push(operations.addForeignKey(fk.name, name, foreignKeyInput(fk)));
  }
  ops.push(...later);
  for (const table of model.tables)
    for (const index of table.indexes) ops.push(...indexOps(table, index, hooks, options.plain));
  ops.push(...materializeViewsAndSecurity(model));
  return ops;
}
