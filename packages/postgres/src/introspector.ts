import { type Connection, normalizeSchemaModel, type SchemaModel } from "@athanor/core";
import { versionTableCompanionNames } from "@athanor/core/dialect";
import { assembleTables, type TableRow } from "./introspect/assemble-tables.js";
import {
  COLUMNS_QUERY,
  CONSTRAINTS_QUERY,
  ENUMS_QUERY,
  INDEXES_QUERY,
  SCHEMAS_QUERY,
  SEQUENCES_QUERY,
  TABLES_QUERY,
} from "./introspect/catalog-queries.js";
import { catalogReader } from "./introspect/catalog-reader.js";
import type { ColumnRow, ConstraintRow, IndexRow } from "./introspect/catalog-rows.js";
import { type EnumRow, type SequenceRow, toEnum, toSequence } from "./introspect/type-rows.js";
import { POLICIES_QUERY, ROW_SECURITY_QUERY, VIEWS_QUERY } from "./introspect/view-queries.js";
import { type PolicyRow, toView, type ViewRow } from "./introspect/view-rows.js";

/** Options of {@link introspectPostgres}. */
export interface PostgresIntrospectOptions {
  /** Schemas to read; default every user schema (not `pg_*`, `information_schema`, extension schemas). */
  readonly schemas?: readonly string[];
  /**
   * Tables to leave out, as `"table"` (any schema) or `{ schema, name }`. Added to the
   * athanor version and history tables, which are always left out.
   */
  readonly exclude?: readonly (string | { readonly schema: string; readonly name: string })[];
  /** Name of the version table (default `athanor_version`); it, `<name>_history`, `<name>_backfill` and `<name>_fleet_failure` are left out. */
  readonly versionTable?: string;
  /**
   * The schemas hold a few tables (a probe schema's): each query starts from their own catalogue
   * rows, by index, instead of scanning `pg_class`, `pg_constraint` and `pg_index` whole. The
   * same model either way; for thousands of tables leave it off (the scans are then faster).
   */
  readonly fewTables?: boolean;
  /** Called after each catalogue query, e.g. to count queries in a benchmark (`ms`: from when the queries were sent). */
  readonly onQuery?: (event: { readonly sql: string; readonly rows: number; readonly ms: number }) => void;
}

/**
 * Reads the whole schema of a PostgreSQL (15+) or PGlite database into a {@link SchemaModel}
 * with ten bulk catalogue queries, whatever the number of tables. The queries are sent together
 * and run one after the other on the given connection, so it works inside the runner's
 * transaction and sees its uncommitted DDL.
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
    ...versionTableCompanionNames(versionTable).map((name): [null, string] => [null, name]),
    ...(options.exclude ?? []).map((e): [string | null, string] =>
      typeof e === "string" ? [null, e] : [e.schema, e.name],
    ),
  ];
  const read = catalogReader(conn, {
    schemas: options.schemas,
    excluded,
    fewTables: options.fewTables,
    onQuery: options.onQuery,
  });
  // Sent together: postgres.js pipelines them on the session, so the server runs them back to
  // back (in this order) without a round trip each, while the client does other work.
  const [
    schemaRows,
    tables,
    columns,
    constraints,
    indexes,
    enumRows,
    sequenceRows,
    viewRows,
    rowSecurity,
    policies,
  ] = await Promise.all([
    read<{ name: string }>(SCHEMAS_QUERY, "schemas"),
    read<TableRow>(TABLES_QUERY, "tables"),
    read<ColumnRow>(COLUMNS_QUERY, "columns"),
    read<ConstraintRow>(CONSTRAINTS_QUERY, "constraints"),
    read<IndexRow>(INDEXES_QUERY, "indexes"),
    read<EnumRow>(ENUMS_QUERY, "enums"),
    read<SequenceRow>(SEQUENCES_QUERY, "sequences"),
    read<ViewRow>(VIEWS_QUERY, "views"),
    read<{ table_oid: string }>(ROW_SECURITY_QUERY, "row-level security"),
    read<PolicyRow>(POLICIES_QUERY, "policies"),
  ]);

  return normalizeSchemaModel({
    schemas: schemaRows.map((row) => row.name),
    tables: assembleTables({ tables, columns, constraints, indexes, rowSecurity, policies }),
    enums: enumRows.map(toEnum),
    sequences: sequenceRows.map(toSequence),
    views: viewRows.map(toView),
  });
}
