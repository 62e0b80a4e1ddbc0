import type { ColumnInput, ColumnModel, IndexModel, Operation, SchemaModel, TableModel } from "@athanor/core";
import { operations } from "@athanor/core";
import { shareSkeletons } from "./canonicalize-skeleton-names.js";
import {
  columnInput,
  indexOps,
  type MaterializeHooks,
  materializeSchemaModel,
} from "./materialize-schema-model.js";

/**
 * What the PostgreSQL fast path creates in the scratch database, and how to read it back.
 *
 * Only text the server re-prints goes through it: one **column probe** column per distinct
 * (type, default, identity, collation) — so a thousand `text NOT NULL DEFAULT 'new'` columns
 * cost one probe column — and one **skeleton** table per distinct table shape that carries
 * expressions (checks, generated columns, indexes other than plain btree column lists): its
 * columns with their types only, its checks and those indexes, no defaults, keys or foreign
 * keys. Everything structural (names, nullability, key columns, FK actions, plain index
 * columns) comes from the model directly.
 */
export interface ProbePlan {
  readonly probeSchema: string;
  /** Every statement-producing operation, in an order that works. */
  readonly operations: readonly Operation[];
  /** Probe column signature → where it lives: `[probe table, column]`. */
  readonly columnSlots: ReadonlyMap<string, readonly [string, string]>;
  /** Each (non-generated) column of the planned model → its slot, so assembly writes no signature again. */
  readonly slotOf: ReadonlyMap<ColumnModel, readonly [string, string]>;
  /** Model table (by `schema.name` key) → its skeleton table in the probe schema. */
  readonly skeletonOf: ReadonlyMap<string, string>;
  /**
   * Skeleton `createTable` operations to be created as partitioned tables, with their
   * partition-key column: `PARTITION BY LIST (key)` appended to the rendered `CREATE TABLE`.
   * A partitioned table has no storage, so it costs catalogue rows only (about 5× cheaper than
   * a table with its toast table and index files); checks, generated columns and non-unique
   * indexes print the same on it.
   */
  readonly partitionKeys: ReadonlyMap<Operation, string>;
}

const MAX_PROBE_COLUMNS = 1000; // PostgreSQL allows 1,600 per table
const PLAIN_METHOD = "btree";

/**
 * `schema\0name`, the key of a table in the plan's maps.
 *
 * @example
 * ```ts
 * plan.skeletonOf.get(tableKey(users)); // "s0"
 * ```
 */
export function tableKey(table: { readonly schema: string; readonly name: string }): string {
  return `${table.schema}\u0000${table.name}`;
}

/**
 * The parts of a column the server prints, which a probe column must reproduce.
 *
 * @example
 * ```ts
 * plan.columnSlots.get(columnSignature(column)); // ["p0", "c3"]
 * ```
 */
export function columnSignature(column: ColumnModel): string {
  return JSON.stringify([column.type, column.default, column.identity, column.collation]);
}

/**
 * A btree index over plain columns, with nothing for the server to print: taken from the model as is.
 *
 * @example
 * ```ts
 * table.indexes.filter(isPlainIndex); // the indexes no skeleton needs
 * ```
 */
export function isPlainIndex(index: IndexModel): boolean {
  return (
    index.method === PLAIN_METHOD &&
    index.where === null &&
    index.with.length === 0 &&
    index.keys.every((k) => k.kind === "column" && k.opclass === null)
  );
}

/**
 * Whether a table needs a skeleton: it carries text only the server can print in its own form.
 *
 * @example
 * ```ts
 * needsSkeleton(users); // true when it has a check, a generated column or an expression index
 * ```
 */
export function needsSkeleton(table: TableModel): boolean {
  return (
    table.checks.length > 0 ||
    table.columns.some((c) => c.generated !== null) ||
    table.indexes.some((i) => !isPlainIndex(i))
  );
}

function skeletonSignature(table: TableModel): string {
  return JSON.stringify([
    table.columns.map((c) => [c.name, c.type, c.collation, c.generated]),
    table.checks.map((c) => c.expression),
    table.indexes.filter((i) => !isPlainIndex(i)).map((i) => ({ ...i, name: "" })),
  ]);
}

function probeColumn(column: ColumnModel, name: string, hooks: MaterializeHooks): ColumnInput {
  // Serial columns are probed as their integer type with the nextval default: the sequence is
  // created by name beforehand, so the default prints exactly as `serial` would make it print.
  // Identity columns must be declared NOT NULL; every other probe column stays nullable.
  return {
    ...columnInput({ ...column, comment: null }, false, hooks, name),
    name,
    nullable: column.identity === null,
  };
}

/**
 * A partitioned table takes neither unique indexes (they must include the partition key) nor
 * index storage parameters, so a skeleton with either stays a plain table.
 */
function canPartition(indexes: readonly IndexModel[]): boolean {
  return indexes.every((i) => !i.unique && i.with.length === 0);
}

function partitionKeyFor(table: TableModel): string {
  let key = "athanor_part";
  while (table.columns.some((c) => c.name === key)) key = `${key}_`;
  return key;
}

function skeletonTable(
  probeSchema: string,
  name: string,
  table: TableModel,
  partitionKeys: Map<Operation, string>,
  hooks: MaterializeHooks,
): Operation[] {
  const qualified = { schema: probeSchema, name };
  const indexes = table.indexes.filter((i) => !isPlainIndex(i));
  const key = canPartition(indexes) ? partitionKeyFor(table) : undefined;
  const columns = table.columns.map(
    (c): ColumnInput => ({
      name: c.name,
      type: c.type,
      nullable: true,
      ...(c.generated === null ? {} : { generated: { expression: c.generated.expression } }),
      ...(c.collation === null ? {} : { collation: c.collation }),
    }),
  );
  const checks = table.checks.map((c, i) => ({ name: `${name}_k${i}`, expression: c.expression }));
  const skeleton: TableModel = { ...table, schema: probeSchema, name };
  const create = operations.createTable(qualified, {
    columns: key === undefined ? columns : [...columns, { name: key, type: "integer", nullable: true }],
    checks,
  });
  if (key !== undefined) partitionKeys.set(create, key);
  return [
    create,
    ...indexes.flatMap((index, i) => indexOps(skeleton, { ...index, name: `${name}_i${i}` }, hooks)),
  ];
}

/**
 * Builds the probe plan of a model (see {@link ProbePlan}): schemas, enums and every sequence
 * (serial ones included, as plain sequences) first, then the probe tables and skeletons, all in
 * the schema `probeSchema`, which must not be one of the model's. `onLive`: for the live
 * database, where the model's schemas, enums and sequences are the live ones; only copies of
 * the sequences are created, in `probeSchema`.
 *
 * @example
 * ```ts
 * const plan = planProbe(model, "athanor_probe", postgresDifferHooks);
 * const sql = plan.operations.flatMap((op) => renderPostgres(op));
 * ```
 */
export function planProbe(
  model: SchemaModel,
  probeSchema: string,
  hooks: MaterializeHooks,
  { onLive = false }: { readonly onLive?: boolean } = {},
): ProbePlan {
  const ops: Operation[] = onLive
    ? // The live database has the model's schemas, enums and sequences (else a probe is refused):
      // only copies of the sequences are made, in the probe schema, to read their options back.
      [
        operations.createSchema(probeSchema),
        ...materializeSchemaModel(
          {
            schemas: [],
            enums: [],
            tables: [],
            sequences: model.sequences.map((s) => ({ ...s, schema: probeSchema, ownedBy: null })),
          },
          { hooks },
        ),
      ]
    : [
        // Every sequence as a free one (tables: []), so serial defaults can name them.
        ...materializeSchemaModel({ ...model, tables: [] }, { hooks }),
        operations.createSchema(probeSchema),
      ];
  const columnSlots = new Map<string, readonly [string, string]>();
  const slotOf = new Map<ColumnModel, readonly [string, string]>();
  const probeTables: ColumnInput[][] = [];
  for (const table of model.tables)
    for (const column of table.columns) {
      if (column.generated !== null) continue; // read from the table's skeleton
      const signature = columnSignature(column);
      let slot = columnSlots.get(signature);
      if (slot === undefined) {
        if (probeTables.length === 0 || (probeTables.at(-1)?.length ?? 0) >= MAX_PROBE_COLUMNS)
          probeTables.push([]);
        const current = probeTables.at(-1) as ColumnInput[];
        const name = `c${columnSlots.size}`;
        current.push(probeColumn(column, name, hooks));
        slot = [`p${probeTables.length - 1}`, name];
        columnSlots.set(signature, slot);
      }
      slotOf.set(column, slot);
    }
  probeTables.forEach((columns, i) => {
    ops.push(operations.createTable({ schema: probeSchema, name: `p${i}` }, { columns }));
  });
  const partitionKeys = new Map<Operation, string>();
  const skeletonOf = shareSkeletons(model.tables, {
    needsSkeleton,
    signature: skeletonSignature,
    key: tableKey,
    create: (name, table) => ops.push(...skeletonTable(probeSchema, name, table, partitionKeys, hooks)),
  });
  return { probeSchema, operations: ops, columnSlots, slotOf, skeletonOf, partitionKeys };
}
