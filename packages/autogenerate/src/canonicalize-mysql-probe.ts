import type { CheckModel, ColumnModel, IndexModel, SchemaModel, TableModel } from "@athanor/core";
import { AthanorError, columnIndexModel, normalizeSchemaModel, uncoveredForeignKeys } from "@athanor/core";
import { shareSkeletons } from "./canonicalize-skeleton-names.js";

/**
 * What the MySQL/MariaDB fast path creates in the scratch database, and how to read it back.
 * Like PostgreSQL's probes (canonicalize-probe-plan.ts), only text the server re-prints goes
 * through it: one **probe column** per distinct column (type, default, nullability, collation,
 * comment, ON UPDATE, AUTO_INCREMENT) — a thousand `varchar(20) NOT NULL DEFAULT 'new'` columns
 * cost one — and one **skeleton** table per distinct table shape carrying checks or indexes
 * other than plain ascending non-unique BTREE column lists. Names, keys, foreign keys and plain
 * indexes come from the model, with the index InnoDB adds for a foreign key no key covers.
 */
export interface MysqlProbePlan {
  /** The probe and skeleton tables, as a model of the scratch database. */
  readonly tables: readonly TableModel[];
  /** Probe column signature → `[probe table, column]`. */
  readonly columnSlots: ReadonlyMap<string, readonly [string, string]>;
  /** Each column of the planned model → its slot, so assembly writes no signature again. */
  readonly slotOf: ReadonlyMap<ColumnModel, readonly [string, string]>;
  /** Model table name → its skeleton table. */
  readonly skeletonOf: ReadonlyMap<string, string>;
}

const MAX_NAME = 64;
const MAX_PROBE_COLUMNS = 400;
const MAX_ROW_BYTES = 40_000; // InnoDB's row limit is 65,535 bytes; utf8mb4 takes 4 a character
const MAX_KEY_BYTES = 3072;
const NOT_INDEXABLE = /text|blob|json|geometry|point|polygon|linestring/i;

/** The first value `values` holds twice (one pass: a model's table names are many). */
function duplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

/** Bytes a column may take in a row, as InnoDB counts it for the row-size limit (an upper bound). */
function rowBytes(type: string): number {
  const m = /^(?:var)?(char|binary)\((\d+)\)/i.exec(type);
  if (m === null) return 16;
  return Number(m[2]) * (m[1]?.toLowerCase() === "char" ? 4 : 1) + 2;
}

/**
 * A BTREE index over plain ascending columns that is not unique: taken from the model as is.
 *
 * @example
 * ```ts
 * table.indexes.filter(isPlainMysqlIndex); // the indexes no skeleton needs
 * ```
 */
export function isPlainMysqlIndex(index: IndexModel): boolean {
  return (
    !index.unique &&
    index.method === "btree" &&
    index.where === null &&
    index.include.length === 0 &&
    index.with.length === 0 &&
    index.keys.every((k) => k.kind === "column" && k.order === "asc" && k.opclass === null)
  );
}

const needsSkeleton = (t: TableModel) => t.checks.length > 0 || t.indexes.some((i) => !isPlainMysqlIndex(i));

function forcedNotNull(table: TableModel): Set<string> {
  return new Set(table.primaryKey?.columns ?? []);
}

// One text, length-prefixed, so no two different values read the same (null is `~`): cheaper
// than JSON text for the ~15,000 columns of a big model.
const part = (text: string | null | undefined) => (text == null ? "~" : `${text.length}:${text}`);

/** The parts of a column the server prints, which its probe column must reproduce. */
function columnSignature(column: ColumnModel, notNull: boolean): string {
  const flags = `${column.nullable && !notNull ? 1 : 0}${column.identity !== null ? 1 : 0}`;
  return `${part(column.type)}${part(column.default)}${flags}${part(column.collation)}${part(column.comment)}${part(column.onUpdate)}`;
}

function keyColumnLists(table: TableModel): (readonly string[])[] {
  return [
    ...(table.primaryKey === null ? [] : [table.primaryKey.columns]),
    ...table.uniques.map((u) => u.columns),
    ...table.indexes.map((i) => i.keys.map((k) => (k.kind === "column" ? k.column : "\u0000"))),
  ];
}

const startsWith = (list: readonly string[], prefix: readonly string[]) =>
  prefix.length <= list.length && prefix.every((c, i) => list[i] === c);

/** A name MySQL refuses: empty, too long, or ending in a space. */
const refusedName = ({ name }: { readonly name: string }) =>
  name.length > MAX_NAME || name.length === 0 || name.trimEnd() !== name;

/**
 * Why the probes cannot vouch for a MySQL model, or `null` when they can: anything the server
 * would refuse or adjust where the probes do not look (names too long or used twice, keys over
 * missing or unindexable columns, keys too long, foreign keys the server would refuse, an
 * AUTO_INCREMENT column that is not a key's first column, generated columns, views) sends the
 * model the full way, so the server reports it exactly as before.
 *
 * @example
 * ```ts
 * mysqlProbeFallbackReason(model); // null, or "app.t declares column a twice"
 * ```
 */
export function mysqlProbeFallbackReason(model: SchemaModel): string | null {
  if ((model.views ?? []).length > 0) return "views are created from the real tables";
  const tables = new Map(model.tables.map((t) => [t.name, t]));
  if (duplicate(model.tables.map((t) => t.name)) !== undefined) return "a table name is used twice";
  // each table's columns by name, built once (a foreign key's target is another table's)
  const byTable = new Map<TableModel, ReadonlyMap<string, ColumnModel>>();
  const columnsOf = (table: TableModel) => {
    let columns = byTable.get(table);
    if (columns === undefined) {
      columns = new Map(table.columns.map((c) => [c.name, c]));
      byTable.set(table, columns);
    }
    return columns;
  };
  for (const table of model.tables) {
    const where = `${table.schema}.${table.name}`;
    if (
      refusedName(table) ||
      table.columns.some(refusedName) ||
      table.uniques.some(refusedName) ||
      table.foreignKeys.some(refusedName) ||
      table.checks.some(refusedName) ||
      table.indexes.some(refusedName)
    )
      return `${where} has a name MySQL/MariaDB would refuse`;
    if (duplicate(table.columns.map((c) => c.name)) !== undefined) return `${where} declares a column twice`;
    const indexNames = [...table.uniques.map((u) => u.name), ...table.indexes.map((i) => i.name), "PRIMARY"];
    if (duplicate(indexNames) !== undefined) return `${where} uses an index name twice`;
    if (
      duplicate([...table.foreignKeys.map((f) => f.name), ...table.checks.map((c) => c.name)]) !== undefined
    )
      return `${where} uses a constraint name twice`;
    if (table.primaryKey !== null && table.primaryKey.name !== "PRIMARY")
      return `${where} names its primary key`;
    if (table.foreignKeys.some((f) => indexNames.includes(f.name)))
      return `${where} names a foreign key like an index`;
    if (table.indexes.length + table.uniques.length + table.foreignKeys.length > 60)
      return `${where} has many keys`;
    const columns = columnsOf(table);
    if (table.columns.some((c) => c.generated !== null)) return `${where} has a generated column`;
    const keyed = keyColumnLists(table);
    for (const list of keyed) {
      if (list.some((c) => c === "\u0000")) continue; // an expression key: in the skeleton
      const cols = list.map((c) => columns.get(c));
      if (cols.some((c) => c === undefined)) return `${where} has a key over a missing column`;
      if (cols.some((c) => NOT_INDEXABLE.test(c?.type ?? "")))
        return `${where} has a key over a column without a length`;
      if (cols.reduce((n, c) => n + rowBytes(c?.type ?? "") - 2, 0) > MAX_KEY_BYTES)
        return `${where} has a long key`;
    }
    const auto = table.columns.filter((c) => c.identity !== null);
    if (auto.length > 1) return `${where} has two AUTO_INCREMENT columns`;
    if (auto[0] !== undefined && !keyed.some((list) => list[0] === auto[0]?.name))
      return `${where} has an AUTO_INCREMENT column that starts no key`;
    for (const fk of table.foreignKeys) {
      const target = tables.get(fk.referencedTable);
      if (target === undefined || fk.referencedSchema !== table.schema)
        return `${where} references outside the model`;
      const targetColumns = columnsOf(target);
      if (fk.columns.length !== fk.referencedColumns.length || fk.columns.length === 0)
        return `${where} has a bad foreign key`;
      for (let i = 0; i < fk.columns.length; i++) {
        const own = columns.get(fk.columns[i] ?? "");
        const other = targetColumns.get(fk.referencedColumns[i] ?? "");
        if (
          own === undefined ||
          other === undefined ||
          own.type !== other.type ||
          own.collation !== other.collation
        )
          return `${where} has a foreign key between columns of different types`;
        if ((fk.onDelete === "set null" || fk.onUpdate === "set null") && !own.nullable)
          return `${where} sets a NOT NULL column to NULL`;
      }
      if (fk.onDelete === "set default" || fk.onUpdate === "set default") return `${where} uses SET DEFAULT`;
      const targetKeys = [
        ...(target.primaryKey === null ? [] : [target.primaryKey.columns]),
        ...target.uniques.map((u) => u.columns),
      ];
      if (
        !targetKeys.some(
          (k) => k.length === fk.referencedColumns.length && startsWith(k, fk.referencedColumns),
        )
      )
        return `${where} references no primary key or unique constraint`;
    }
  }
  return null;
}

function skeletonSignature(table: TableModel): string {
  return JSON.stringify([
    table.columns.map((c) => [c.name, c.type, c.collation]),
    table.checks.map((c) => c.expression),
    table.indexes.filter((i) => !isPlainMysqlIndex(i)).map((i) => ({ ...i, name: "" })),
  ]);
}

function skeletonTable(schema: string, name: string, table: TableModel): TableModel {
  return {
    schema,
    name,
    columns: table.columns.map((c) => ({
      ...c,
      nullable: true,
      default: null,
      identity: null,
      comment: null,
      onUpdate: null,
    })),
    primaryKey: null,
    uniques: [],
    foreignKeys: [],
    checks: table.checks.map((c, i) => ({ ...c, name: `${name}_k${i}` })),
    indexes: table.indexes
      .filter((i) => !isPlainMysqlIndex(i))
      .map((index, i) => ({ ...index, name: `${name}_i${i}` })),
    comment: null,
  };
}

/**
 * The probe plan of a model that {@link mysqlProbeFallbackReason} accepts, its tables in the
 * scratch database `scratch`.
 *
 * @example
 * ```ts
 * const plan = planMysqlProbe(model, "athanor_scratch_1f");
 * ```
 */
export function planMysqlProbe(model: SchemaModel, scratch: string): MysqlProbePlan {
  const tables: TableModel[] = [];
  const columnSlots = new Map<string, readonly [string, string]>();
  const slotOf = new Map<ColumnModel, readonly [string, string]>();
  let current: ColumnModel[] = [];
  let bytes = 0;
  const flush = () => {
    if (current.length === 0) return;
    tables.push(probeTable(scratch, `p${tables.length}`, current, null));
    current = [];
    bytes = 0;
  };
  const newSlot = (column: ColumnModel, signature: string, forced: boolean): readonly [string, string] => {
    const probe: ColumnModel = { ...column, nullable: column.nullable && !forced };
    let slot: readonly [string, string];
    if (column.identity !== null) {
      // An AUTO_INCREMENT column must start a key: it gets a table of its own, as its primary key.
      // The columns gathered so far are given their table first: their slots name `p${tables.length}`.
      flush();
      const name = `p${tables.length}`;
      tables.push(probeTable(scratch, name, [{ ...probe, name: "c0" }], "c0"));
      slot = [name, "c0"];
    } else {
      if (current.length >= MAX_PROBE_COLUMNS || bytes + rowBytes(column.type) > MAX_ROW_BYTES) flush();
      const name = `c${current.length}`;
      current.push({ ...probe, name });
      bytes += rowBytes(column.type);
      slot = [`p${tables.length}`, name];
    }
    columnSlots.set(signature, slot);
    return slot;
  };
  for (const table of model.tables) {
    const notNull = forcedNotNull(table);
    for (const column of table.columns) {
      const signature = columnSignature(column, notNull.has(column.name));
      const slot = columnSlots.get(signature) ?? newSlot(column, signature, notNull.has(column.name));
      slotOf.set(column, slot);
    }
  }
  flush();
  const skeletonOf = shareSkeletons(model.tables, {
    needsSkeleton,
    signature: skeletonSignature,
    key: (table) => table.name,
    create: (name, table) => tables.push(skeletonTable(scratch, name, table)),
  });
  return { tables, columnSlots, slotOf, skeletonOf };
}

function probeTable(schema: string, name: string, columns: ColumnModel[], key: string | null): TableModel {
  return {
    schema,
    name,
    columns,
    primaryKey: key === null ? null : { name: "PRIMARY", columns: [key] },
    uniques: [],
    foreignKeys: [],
    checks: [],
    indexes: [],
    comment: null,
  };
}

function lost(what: string): AthanorError {
  return new AthanorError(
    "ATHANOR_CANONICALIZE_FAILED",
    `The scratch database did not give back ${what} after creating it. Is something else using the scratch database? It must be empty and used by this run only.`,
    { what },
  );
}

/** The number an object of a skeleton was given (`s3_k12` → 12). */
const positionOf = (name: string) => Number(name.slice(name.lastIndexOf("_") + 2));

function assembleTable(
  table: TableModel,
  plan: MysqlProbePlan,
  probed: ReadonlyMap<readonly [string, string], ColumnModel>,
  skeletons: ReadonlyMap<string, TableModel>,
): TableModel {
  const notNull = forcedNotNull(table);
  const columns = table.columns.map((column): ColumnModel => {
    // the slot planned for this very column, else (another copy of the model) by its signature
    const slot =
      plan.slotOf.get(column) ?? plan.columnSlots.get(columnSignature(column, notNull.has(column.name)));
    const read = slot === undefined ? undefined : probed.get(slot);
    if (read === undefined) throw lost(`the column ${table.name}.${column.name}`);
    return { ...read, name: column.name };
  });
  const skeletonName = plan.skeletonOf.get(table.name);
  const skeleton = skeletonName === undefined ? undefined : skeletons.get(skeletonName);
  if (skeletonName !== undefined && skeleton === undefined) throw lost(`the checks of ${table.name}`);
  const nonPlain = table.indexes.filter((i) => !isPlainMysqlIndex(i));
  const checks: CheckModel[] = (skeleton?.checks ?? []).map((c) => ({
    ...c,
    name: table.checks[positionOf(c.name)]?.name ?? c.name,
  }));
  const readIndexes = (skeleton?.indexes ?? []).map((i) => ({
    ...i,
    name: nonPlain[positionOf(i.name)]?.name ?? i.name,
  }));
  // A unique index read back is a unique constraint when CREATE UNIQUE could say it.
  const readUniques = (skeleton?.uniques ?? []).map((u) => ({
    ...u,
    name: nonPlain[positionOf(u.name)]?.name ?? u.name,
  }));
  const indexes = [...table.indexes.filter(isPlainMysqlIndex), ...readIndexes];
  const uniques = [...table.uniques, ...readUniques];
  // InnoDB creates an index, named after the foreign key, for one no key starts with.
  const implicit: IndexModel[] = uncoveredForeignKeys({ ...table, uniques, indexes }).map((fk) =>
    columnIndexModel(fk.name, fk.columns, false),
  );
  return { ...table, columns, checks, uniques, indexes: [...indexes, ...implicit] };
}

/**
 * Puts the model together from what the probes read back (the scratch database's model, as the
 * introspector reads it): printed column text from the probes, checks and non-plain indexes
 * from the skeletons, structure from the model.
 *
 * @example
 * ```ts
 * const canonical = assembleFromMysqlProbes(model, plan, await introspect(conn, { schemas: [scratch] }));
 * ```
 */
export function assembleFromMysqlProbes(
  model: SchemaModel,
  plan: MysqlProbePlan,
  read: SchemaModel,
): SchemaModel {
  const byName = new Map<string, ColumnModel>();
  for (const table of read.tables)
    for (const column of table.columns) byName.set(`${table.name}\u0000${column.name}`, column);
  // each slot's column looked up once, not once per model column
  const probed = new Map<readonly [string, string], ColumnModel>();
  for (const slot of plan.columnSlots.values()) {
    const column = byName.get(`${slot[0]}\u0000${slot[1]}`);
    if (column !== undefined) probed.set(slot, column);
  }
  const skeletons = new Map(read.tables.map((t) => [t.name, t]));
  return normalizeSchemaModel({
    ...model,
    tables: model.tables.map((t) => assembleTable(t, plan, probed, skeletons)),
  });
}
