import type { CheckModel, ColumnModel, IndexModel, SchemaModel, TableModel } from "@athanor/core";
import { AthanorError, normalizeSchemaModel } from "@athanor/core";
import { columnSignature, isPlainIndex, type ProbePlan, tableKey } from "./canonicalize-probe-plan.js";
import type { CanonicalizeOptions } from "./canonicalize-scratch.js";
import { serialSequence } from "./materialize-schema-model.js";

function lost(what: string): AthanorError {
  return new AthanorError(
    "ATHANOR_CANONICALIZE_FAILED",
    `The scratch database did not give back ${what} after creating it. Is something else using the scratch database? It must be empty and used by this run only.`,
    { what },
  );
}

/**
 * A probe schema name that is not one of the model's.
 *
 * @example
 * ```ts
 * probeSchemaFor(model); // "athanor_probe"
 * ```
 */
export function probeSchemaFor(model: SchemaModel): string {
  let name = "athanor_probe";
  while (model.schemas.includes(name)) name = `${name}_`;
  return name;
}

/**
 * The statements of a probe plan: each operation rendered, a skeleton to be partitioned with
 * its `PARTITION BY LIST` clause (our own rendered CREATE TABLE, extended by one clause that
 * createTable has no field for).
 *
 * @example
 * ```ts
 * await conn.executeScript(["BEGIN", ...probeStatements(plan, options)]);
 * ```
 */
export function probeStatements(
  plan: ProbePlan,
  options: Pick<CanonicalizeOptions, "render" | "hooks">,
): string[] {
  return plan.operations.flatMap((op) => {
    const statements = options.render(op);
    const key = plan.partitionKeys.get(op);
    if (key === undefined) return [...statements];
    const [create, ...rest] = statements;
    return [`${create} PARTITION BY LIST (${options.hooks.quoteIdentifier(key)})`, ...rest];
  });
}

/** Each probe slot (`plan.columnSlots`' values) → the column read back for it. */
function probedColumns(read: SchemaModel, plan: ProbePlan): Map<readonly [string, string], ColumnModel> {
  const byName = new Map<string, ColumnModel>();
  for (const table of read.tables)
    if (table.schema === plan.probeSchema)
      for (const column of table.columns) byName.set(`${table.name}.${column.name}`, column);
  const out = new Map<readonly [string, string], ColumnModel>();
  for (const slot of plan.columnSlots.values()) {
    const column = byName.get(`${slot[0]}.${slot[1]}`);
    if (column !== undefined) out.set(slot, column);
  }
  return out;
}

/** The index number an object of a skeleton was given (`s3_k12` → 12). */
const positionOf = (name: string) => Number(name.slice(name.lastIndexOf("_") + 2));

function fromSkeleton(
  table: TableModel,
  skeleton: TableModel | undefined,
): {
  columns: ReadonlyMap<string, ColumnModel>;
  checks: CheckModel[];
  indexes: IndexModel[];
} {
  if (skeleton === undefined) return { columns: new Map(), checks: [], indexes: [] };
  const nonPlain = table.indexes.filter((i) => !isPlainIndex(i));
  return {
    columns: new Map(skeleton.columns.map((c) => [c.name, c])),
    checks: skeleton.checks.map((c) => ({ ...c, name: table.checks[positionOf(c.name)]?.name ?? c.name })),
    indexes: skeleton.indexes.map((i) => ({ ...i, name: nonPlain[positionOf(i.name)]?.name ?? i.name })),
  };
}

function assembleTable(
  model: SchemaModel,
  table: TableModel,
  probed: ReadonlyMap<readonly [string, string], ColumnModel>,
  plan: ProbePlan,
  skeletons: ReadonlyMap<string, TableModel>,
): TableModel {
  const skeletonName = plan.skeletonOf.get(tableKey(table));
  const skeleton = fromSkeleton(table, skeletonName === undefined ? undefined : skeletons.get(skeletonName));
  const keyColumns = new Set(table.primaryKey?.columns ?? []);
  const columns = table.columns.map((column): ColumnModel => {
    // The server makes key, identity and serial columns NOT NULL whatever was declared.
    const forcedNotNull = keyColumns.has(column.name) || serialSequence(model, table, column) !== undefined;
    if (column.generated !== null) {
      const read = skeleton.columns.get(column.name);
      if (read === undefined) throw lost(`the generated column ${table.name}.${column.name}`);
      return {
        ...column,
        type: read.type,
        generated: read.generated,
        collation: read.collation,
        nullable: column.nullable && !forcedNotNull,
      };
    }
    // the slot planned for this very column, else (another copy of the model) by its signature
    const slot = plan.slotOf.get(column) ?? plan.columnSlots.get(columnSignature(column));
    const read = slot === undefined ? undefined : probed.get(slot);
    if (read === undefined) throw lost(`the column ${table.name}.${column.name}`);
    return {
      ...column,
      type: read.type,
      default: read.default,
      identity: read.identity,
      collation: read.collation,
      nullable: column.nullable && read.nullable && !forcedNotNull,
    };
  });
  return {
    ...table,
    columns,
    checks: skeleton.checks,
    indexes: [...table.indexes.filter(isPlainIndex), ...skeleton.indexes],
  };
}

/**
 * Puts the model together from what the probes read back: printed text from the probes,
 * structure from the model, sequences and enums as the server shows them (a serial's sequence
 * keeps the owner the model gives it; the probe created it free-standing).
 *
 * @example
 * ```ts
 * const canonical = assembleFromProbes(model, plan, await introspect(conn, { schemas: [...model.schemas, plan.probeSchema] }));
 * ```
 */
export function assembleFromProbes(model: SchemaModel, plan: ProbePlan, read: SchemaModel): SchemaModel {
  const probed = probedColumns(read, plan);
  const skeletons = new Map(
    read.tables.filter((t) => t.schema === plan.probeSchema).map((t) => [t.name, t] as const),
  );
  const owners = new Map<string, { table: string; column: string }>();
  for (const table of model.tables)
    for (const column of table.columns) {
      const seq = serialSequence(model, table, column);
      if (seq !== undefined)
        owners.set(`${seq.schema}.${seq.name}`, { table: table.name, column: column.name });
    }
  return normalizeSchemaModel({
    schemas: read.schemas.filter((s) => s !== plan.probeSchema),
    tables: model.tables.map((t) => assembleTable(model, t, probed, plan, skeletons)),
    enums: read.enums,
    sequences: read.sequences
      .filter((s) => s.schema !== plan.probeSchema)
      .map((s) => ({ ...s, ownedBy: owners.get(`${s.schema}.${s.name}`) ?? null })),
  });
}
