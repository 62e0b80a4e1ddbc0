import {
  AthanorError,
  type Connection,
  type EnumModel,
  normalizeSchemaModel,
  type SchemaModel,
  type SequenceModel,
  type TableModel,
} from "@athanor/core";
import {
  COLUMNS_QUERY,
  CONSTRAINTS_QUERY,
  ENUMS_QUERY,
  INDEXES_QUERY,
  SCHEMAS_QUERY,
  SEQUENCES_QUERY,
  TABLES_QUERY,
} from "./introspect/catalog-queries.js";
import {
  type ColumnRow,
  type ConstraintRow,
  type IndexRow,
  parseNames,
  toCheck,
  toColumn,
  toForeignKey,
  toIndex,
} from "./introspect/catalog-rows.js";
import { POLICIES_QUERY, ROW_SECURITY_QUERY, VIEWS_QUERY } from "./introspect/view-queries.js";
import { type PolicyRow, toPolicy, toView, type ViewRow } from "./introspect/view-rows.js";

/** Options of {@link introspectPostgres}. */
export interface PostgresIntrospectOptions {
  /** Schemas to read; default every user schema (not `pg_*`, `information_schema`, extension schemas). */
  readonly schemas?: readonly string[];
  /**
   * Tables to leave out, as `"table"` (any schema) or `{ schema, name }`. Added to the
   * athanor version and history tables, which are always left out.
   */
  readonly exclude?: readonly (string | { readonly schema: string; readonly name: string })[];
  /** Name of the version table (default `athanor_version`); it, `<name>_history` and `<name>_backfill` are left out. */
  readonly versionTable?: string;
  /** Called after each catalogue query, e.g. to count queries in a benchmark. */
  readonly onQuery?: (event: { readonly sql: string; readonly rows: number; readonly ms: number }) => void;
}

interface TableRow {
  readonly oid: string;
  readonly schema: string;
  readonly name: string;
  readonly comment: string | null;
}

interface SequenceRow {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  readonly owner_table: string | null;
  readonly owner_column: string | null;
}

type MutableTable = {
  -readonly [K in keyof TableModel]: TableModel[K] extends readonly (infer T)[] ? T[] : TableModel[K];
};

/**
 * Reads the whole schema of a PostgreSQL (15+) or PGlite database into a {@link SchemaModel}
 * with ten bulk catalogue queries, whatever the number of tables. The queries run one after
 * the other on the given connection, so it works inside the runner's transaction and sees
 * its uncommitted DDL.
 *
 * Text fields are exactly what the server prints (`format_type`, `pg_get_expr`), which depends
 * on the session's `search_path`: a type or function outside it is printed schema-qualified.
 *
 * @example
 * ```ts
 * const model = await introspectPostgres(conn, { schemas: ["public"], exclude: ["spatial_ref_sys"] });
 * console.log(model.tables.map((t) => t.name));
 * ```
 */
export async function introspectPostgres(
  conn: Connection,
  options: PostgresIntrospectOptions = {},
): Promise<SchemaModel> {
  const versionTable = options.versionTable ?? "athanor_version";
  const excluded: [string | null, string][] = [
    [null, versionTable],
    [null, `${versionTable}_history`],
    [null, `${versionTable}_backfill`],
    ...(options.exclude ?? []).map((e): [string | null, string] =>
      typeof e === "string" ? [null, e] : [e.schema, e.name],
    ),
  ];
  const params = [
    options.schemas === undefined ? null : JSON.stringify(options.schemas),
    JSON.stringify(excluded),
  ];

  async function run<Row>(sql: string, what: string): Promise<readonly Row[]> {
    const started = performance.now();
    try {
      const { rows } = await conn.query<Row>(sql, params);
      options.onQuery?.({ sql, rows: rows.length, ms: performance.now() - started });
      return rows;
    } catch (cause) {
      throw new AthanorError(
        "ATHANOR_INTROSPECTION_FAILED",
        `Reading ${what} from the PostgreSQL catalogue failed: ${cause instanceof Error ? cause.message : String(cause)}. ` +
          "Check that the server is PostgreSQL 15 or later and that the user may read pg_catalog.",
        { what },
        { cause },
      );
    }
  }

  const schemaRows = await run<{ name: string }>(SCHEMAS_QUERY, "schemas");
  const tableRows = await run<TableRow>(TABLES_QUERY, "tables");
  const columnRows = await run<ColumnRow>(COLUMNS_QUERY, "columns");
  const constraintRows = await run<ConstraintRow>(CONSTRAINTS_QUERY, "constraints");
  const indexRows = await run<IndexRow>(INDEXES_QUERY, "indexes");
  const enumRows = await run<{ schema: string; name: string; values: string }>(ENUMS_QUERY, "enums");
  const sequenceRows = await run<SequenceRow>(SEQUENCES_QUERY, "sequences");
  const viewRows = await run<ViewRow>(VIEWS_QUERY, "views");
  const rowSecurityRows = await run<{ table_oid: string }>(ROW_SECURITY_QUERY, "row-level security");
  const policyRows = await run<PolicyRow>(POLICIES_QUERY, "policies");

  const tables = new Map<string, MutableTable>();
  for (const row of tableRows) {
    tables.set(row.oid, {
      schema: row.schema,
      name: row.name,
      columns: [],
      primaryKey: null,
      uniques: [],
      foreignKeys: [],
      checks: [],
      indexes: [],
      comment: row.comment,
    });
  }
  // Rows of a table dropped between two queries have no table: skip them rather than fail.
  for (const row of columnRows) tables.get(row.table_oid)?.columns.push(toColumn(row));
  for (const row of constraintRows) {
    const table = tables.get(row.table_oid);
    if (table === undefined) continue;
    if (row.type === "p") table.primaryKey = { name: row.name, columns: parseNames(row.columns) };
    else if (row.type === "u") {
      table.uniques.push({
        name: row.name,
        columns: parseNames(row.columns),
        nullsNotDistinct: row.nulls_not_distinct,
        deferrable: row.deferrable,
        initiallyDeferred: row.deferred,
      });
    } else if (row.type === "f") table.foreignKeys.push(toForeignKey(row));
    else table.checks.push(toCheck(row));
  }
  for (const row of indexRows) tables.get(row.table_oid)?.indexes.push(toIndex(row));
  for (const row of rowSecurityRows) {
    const table = tables.get(row.table_oid);
    if (table !== undefined) table.rowLevelSecurity = true;
  }
  for (const row of policyRows) {
    const table = tables.get(row.table_oid);
    if (table !== undefined) table.policies = [...(table.policies ?? []), toPolicy(row)];
  }

  const enums: EnumModel[] = enumRows.map((row) => ({
    schema: row.schema,
    name: row.name,
    values: JSON.parse(row.values) as string[],
  }));
  const sequences: SequenceModel[] = sequenceRows.map((row) => ({
    schema: row.schema,
    name: row.name,
    dataType: row.type,
    start: row.start,
    increment: row.increment,
    min: row.min,
    max: row.max,
    cache: row.cache,
    cycle: row.cycle,
    ownedBy:
      row.owner_table !== null && row.owner_column !== null
        ? { table: row.owner_table, column: row.owner_column }
        : null,
  }));

  return normalizeSchemaModel({
    schemas: schemaRows.map((row) => row.name),
    tables: [...tables.values()],
    enums,
    sequences,
    views: viewRows.map(toView),
  });
}
