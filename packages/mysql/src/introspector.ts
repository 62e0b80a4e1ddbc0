import { AthanorError, type Connection, normalizeSchemaModel, type SchemaModel } from "@athanor/core";
import { versionTableCompanionNames } from "@athanor/core/dialect";
import { MYSQL_BOOKKEEPING_NAMES } from "./bookkeeping-sql.js";
import { assembleMysqlTable } from "./introspect/assemble-table.js";
import { foreignKeyRows } from "./introspect/foreign-key-rows.js";
import { groupBy, informationSchemaReader } from "./introspect/information-schema-reader.js";
import { readInformationSchema } from "./introspect/read-information-schema.js";
import { toMysqlView } from "./introspect/views.js";
import { parseServerVersion } from "./server.js";

/** Options of {@link introspectMysql}. */
export interface MysqlIntrospectOptions {
  /** Database to read; default the connection's current database (`DATABASE()`). */
  readonly database?: string;
  /** Tables to leave out, besides the athanor version and history tables. */
  readonly exclude?: readonly string[];
  /** Name of the version table (default `athanor_version`); it, `<name>_history`, `<name>_backfill` and `<name>_lock` (Galera's lock) and `<name>_fleet_failure` (a fleet's last failure) are left out. */
  readonly versionTable?: string;
  /** Called after each query, e.g. to count queries in a benchmark. */
  readonly onQuery?: (event: { readonly sql: string; readonly rows: number; readonly ms: number }) => void;
}

/**
 * Reads one MySQL 8 / MariaDB 10.11+ database into a {@link SchemaModel} with six bulk
 * information_schema queries, whatever the number of tables. The database is the model's
 * one schema; `enums` and `sequences` are empty (MySQL has no enum types; MariaDB sequences
 * are not read yet). Integer display widths are dropped and MariaDB's JSON columns are
 * reported as `json` (their `json_valid` check hidden) so both servers read alike.
 *
 * @example
 * ```ts
 * const model = await introspectMysql(conn);
 * model.tables.map((t) => t.name); // ["orders", "users"]
 * ```
 */
export async function introspectMysql(
  conn: Connection,
  options: MysqlIntrospectOptions = {},
): Promise<SchemaModel> {
  const run = informationSchemaReader(conn, options.onQuery);
  const [info] = await run<{ db: string | null; version: string }>(
    "SELECT DATABASE() AS db, VERSION() AS version",
    [],
  );
  const database = options.database ?? info?.db ?? null;
  if (database === null) {
    throw new AthanorError(
      "ATHANOR_INTROSPECTION_FAILED",
      "The connection has no current database; put one in the URL or pass `database`.",
      {
        dialect: "mysql",
      },
    );
  }
  const server = parseServerVersion(info?.version ?? "");
  const read = await readInformationSchema(conn, database, server.flavor, options.onQuery);
  const byTable = <Row extends { readonly table_name: string }>(rows: readonly Row[]): Map<string, Row[]> =>
    groupBy(rows, (r) => r.table_name);
  const tables = read.tables;
  const columns = byTable(read.columns);
  const statistics = byTable(read.statistics);
  const foreignKeys = byTable(foreignKeyRows(read.foreignKeyColumns, read.foreignKeyRules));
  const checks = byTable(read.checks);
  const views = read.views;

  const version = options.versionTable ?? "athanor_version";
  const excluded = new Set([
    ...versionTableCompanionNames(version, MYSQL_BOOKKEEPING_NAMES.companionSuffixes),
    ...(options.exclude ?? []),
  ]);
  const models = tables
    .filter((t) => !excluded.has(t.name))
    .map((t) =>
      assembleMysqlTable(
        t,
        {
          columns: columns.get(t.name) ?? [],
          statistics: statistics.get(t.name) ?? [],
          foreignKeys: foreignKeys.get(t.name) ?? [],
          checks: checks.get(t.name) ?? [],
        },
        database,
        server.flavor,
      ),
    );
  return normalizeSchemaModel({
    schemas: [database],
    tables: models,
    enums: [],
    sequences: [],
    views: views.filter((v) => !excluded.has(v.name)).map((v) => toMysqlView(v, database)),
  });
}
