import type {
  ColumnModel,
  EnumModel,
  IndexKeyModel,
  IndexModel,
  SchemaModel,
  SequenceModel,
  TableModel,
} from "@athanor/core";
import { normalizeSchemaModel } from "@athanor/core";
import { resolveSequenceOptions } from "../pg-column-model.js";
import { quoteName } from "../sql-fragment.js";
import { type KitForeignKey, kitChecks, kitForeignKeys } from "./kit-snapshot-keys.js";
import { type KitPolicy, type KitView, snapshotTableSecurity, snapshotViews } from "./snapshot-views.js";

// The subset of drizzle-kit's PostgreSQL snapshot (version 7) that the model needs.
interface KitColumn {
  name: string;
  type: string;
  typeSchema?: string;
  primaryKey?: boolean;
  notNull?: boolean;
  default?: string | number | boolean;
  isUnique?: boolean;
  uniqueName?: string;
  nullsNotDistinct?: boolean;
  generated?: { as: string; type?: string };
  identity?: {
    type: "always" | "byDefault";
    increment?: string;
    minValue?: string;
    maxValue?: string;
    startWith?: string;
    cache?: string;
    cycle?: boolean;
  };
}
interface KitIndexColumn {
  expression: string;
  isExpression: boolean;
  asc: boolean;
  nulls?: string;
  opclass?: string;
}
interface KitTable {
  name: string;
  schema?: string;
  columns: Record<string, KitColumn>;
  isRLSEnabled?: boolean;
  policies?: Record<string, KitPolicy>;
  indexes?: Record<
    string,
    {
      name: string;
      columns: KitIndexColumn[];
      isUnique: boolean;
      where?: string;
      method?: string;
      with?: Record<string, unknown>;
    }
  >;
  foreignKeys?: Record<string, KitForeignKey>;
  compositePrimaryKeys?: Record<string, { name: string; columns: string[] }>;
  uniqueConstraints?: Record<string, { name: string; columns: string[]; nullsNotDistinct?: boolean }>;
  checkConstraints?: Record<string, { name: string; value: string }>;
}
/** drizzle-kit's PostgreSQL snapshot, version 7 (what 0.2x–0.31 write). */
export interface PgKitSnapshot {
  version: string;
  dialect: string;
  tables: Record<string, KitTable>;
  enums?: Record<string, { name: string; schema?: string; values: string[] }>;
  schemas?: Record<string, string>;
  views?: Record<string, KitView>;
  sequences?: Record<
    string,
    {
      name: string;
      schema?: string;
      increment?: string;
      minValue?: string;
      maxValue?: string;
      startWith?: string;
      cache?: string;
      cycle?: boolean;
    }
  >;
}

const SERIAL_TYPES: Readonly<Record<string, string>> = {
  smallserial: "smallint",
  serial: "integer",
  bigserial: "bigint",
};

/** kit writes `numeric(12, 2)` and `timestamp (3)`; DDL and the model use `numeric(12,2)`, `timestamp(3)`. */
function typeOf(column: KitColumn): string {
  if (column.typeSchema !== undefined) {
    const [base = "", dims = ""] = /^(.*?)((?:\[\d*\])*)$/.exec(column.type)?.slice(1) ?? [];
    // As PostgreSQL prints an enum type (and the differ finds its columns): bare in `public`,
    // quoted only where the name needs it.
    const bare = (n: string) => (/^[a-z_][a-z0-9_$]*$/.test(n) ? n : quoteName(n, "postgresql"));
    const schema = column.typeSchema === "public" ? "" : `${bare(column.typeSchema)}.`;
    return `${schema}${bare(base)}${dims}`;
  }
  return column.type.replace(/\s+\(/g, "(").replace(/\(\s*(\d+)\s*,\s*(-?\d+)\s*\)/g, "($1,$2)");
}

function columnOf(
  schema: string,
  table: string,
  column: KitColumn,
): { column: ColumnModel; sequence: SequenceModel | null } {
  const base: ColumnModel = {
    name: column.name,
    type: typeOf(column),
    nullable: !(column.notNull === true || column.primaryKey === true),
    default: column.default === undefined ? null : String(column.default),
    identity: null,
    generated: null,
    comment: null,
    collation: null,
    onUpdate: null,
  };
  const serial = SERIAL_TYPES[column.type];
  if (serial !== undefined) {
    // What PostgreSQL makes of `serial`: an integer column fed by a sequence it owns.
    const sequence = `${table}_${column.name}_seq`;
    const qualified = `${quoteName(schema, "postgresql")}.${quoteName(sequence, "postgresql")}`;
    return {
      column: {
        ...base,
        type: serial,
        nullable: false,
        default: `nextval('${qualified.replaceAll("'", "''")}'::regclass)`,
      },
      sequence: {
        schema,
        name: sequence,
        ...resolveSequenceOptions(serial),
        ownedBy: { table, column: column.name },
      },
    };
  }
  if (column.identity !== undefined) {
    const i = column.identity;
    const options = { increment: i.increment, minValue: i.minValue, maxValue: i.maxValue, cache: i.cache };
    return {
      column: {
        ...base,
        nullable: false,
        identity: {
          generation: i.type === "always" ? "always" : "byDefault",
          sequence: resolveSequenceOptions(base.type, { ...options, startWith: i.startWith, cycle: i.cycle }),
        },
      },
      sequence: null,
    };
  }
  if (column.generated !== undefined) {
    return {
      column: { ...base, default: null, generated: { expression: column.generated.as, storage: "stored" } },
      sequence: null,
    };
  }
  return { column: base, sequence: null };
}

function indexesOf(table: KitTable): IndexModel[] {
  return Object.values(table.indexes ?? {}).map((ix) => {
    const keys = ix.columns.map((c): IndexKeyModel => {
      const order = c.asc === false ? "desc" : "asc";
      const nulls = c.nulls === "first" || c.nulls === "last" ? c.nulls : order === "asc" ? "last" : "first";
      const ordering = { order, nulls, opclass: c.opclass ?? null } as const;
      return c.isExpression
        ? { kind: "expression", expression: c.expression, ...ordering }
        : { kind: "column", column: c.expression, ...ordering };
    });
    return {
      name: ix.name,
      unique: ix.isUnique,
      method: ix.method ?? "btree",
      keys,
      include: [],
      where: ix.where ?? null,
      nullsNotDistinct: false,
      with: Object.entries(ix.with ?? {})
        .map(([k, v]) => `${k}=${String(v)}`)
        .sort(),
      valid: true,
    };
  });
}

function tableOf(table: KitTable, sequences: SequenceModel[]): TableModel {
  const schema = table.schema === undefined || table.schema === "" ? "public" : table.schema;
  const columns = Object.values(table.columns).map((c) => {
    const read = columnOf(schema, table.name, c);
    if (read.sequence !== null) sequences.push(read.sequence);
    return read.column;
  });
  const inlineKey = Object.values(table.columns).filter((c) => c.primaryKey === true);
  const composite = Object.values(table.compositePrimaryKeys ?? {})[0];
  const primaryKey =
    composite !== undefined
      ? { name: composite.name, columns: composite.columns }
      : inlineKey.length > 0
        ? { name: `${table.name}_pkey`, columns: inlineKey.map((c) => c.name) }
        : null;
  const uniques = [
    ...Object.values(table.columns)
      .filter((c) => c.isUnique === true)
      .map((c) => ({
        name: c.uniqueName ?? `${table.name}_${c.name}_unique`,
        columns: [c.name],
        nullsNotDistinct: c.nullsNotDistinct === true,
      })),
    ...Object.values(table.uniqueConstraints ?? {}).map((u) => ({
      name: u.name,
      columns: u.columns,
      nullsNotDistinct: u.nullsNotDistinct === true,
    })),
  ].map((u) => ({ ...u, deferrable: false, initiallyDeferred: false }));
  return {
    schema,
    name: table.name,
    columns,
    primaryKey,
    uniques,
    foreignKeys: kitForeignKeys(table.foreignKeys, (f) =>
      f.schemaTo === undefined || f.schemaTo === "" ? "public" : f.schemaTo,
    ),
    checks: kitChecks(table.checkConstraints),
    indexes: indexesOf(table),
    comment: null,
  };
}

/**
 * A drizzle-kit PostgreSQL snapshot (version 7) as a schema model, spelled the way the snapshot
 * spells it: two snapshots of one history convert consistently, so diffing them gives the
 * operations between the two migrations. `serial` columns become what PostgreSQL makes of them
 * (an integer column with an owned sequence), as in {@link drizzleToSchemaModel}.
 *
 * @example
 * ```ts
 * const model = pgSnapshotToSchemaModel(JSON.parse(readFileSync("drizzle/meta/0003_snapshot.json", "utf8")));
 * model.tables.map((t) => t.name); // ["posts", "users"]
 * ```
 */
export function pgSnapshotToSchemaModel(snapshot: PgKitSnapshot): SchemaModel {
  const sequences: SequenceModel[] = Object.values(snapshot.sequences ?? {}).map((s) => ({
    schema: s.schema ?? "public",
    name: s.name,
    ...resolveSequenceOptions("bigint", {
      increment: s.increment,
      minValue: s.minValue,
      maxValue: s.maxValue,
      startWith: s.startWith,
      cache: s.cache,
      cycle: s.cycle,
    }),
    ownedBy: null,
  }));
  const tables = Object.values(snapshot.tables).map((t) => ({
    ...tableOf(t, sequences),
    ...snapshotTableSecurity(t),
  }));
  const enums: EnumModel[] = Object.values(snapshot.enums ?? {}).map((e) => ({
    schema: e.schema ?? "public",
    name: e.name,
    values: e.values,
  }));
  const schemas = new Set(["public", ...Object.values(snapshot.schemas ?? {})]);
  const views = snapshotViews(snapshot.views);
  return normalizeSchemaModel({ schemas: [...schemas], tables, enums, sequences, views });
}
