import {
  AthanorError,
  type CheckModel,
  type Connection,
  type ForeignKeyModel,
  type IndexModel,
  normalizeSchemaModel,
  type SchemaModel,
  type TableModel,
  type UniqueModel,
} from "@athanor/core";
import {
  COLUMNS_QUERY,
  checksQuery,
  FOREIGN_KEYS_QUERY,
  statisticsQuery,
  TABLES_QUERY,
} from "./introspect/information-schema-queries.js";
import {
  type ColumnRow,
  isJsonCheck,
  type StatisticsRow,
  toAction,
  toColumn,
  toIndexOrUnique,
  withoutRedundantFkIndexes,
} from "./introspect/information-schema-rows.js";
import { toMysqlView, type ViewRow, viewsQuery } from "./introspect/views.js";
import { parseServerVersion } from "./server.js";

/** Options of {@link introspectMysql}. */
export interface MysqlIntrospectOptions {
  /** Database to read; default the connection's current database (`DATABASE()`). */
  readonly database?: string;
  /** Tables to leave out, besides the athanor version and history tables. */
  readonly exclude?: readonly string[];
  /** Name of the version table (default `athanor_version`); it, `<name>_history` and `<name>_backfill` are left out. */
  readonly versionTable?: string;
  /** Called after each query, e.g. to count queries in a benchmark. */
  readonly onQuery?: (event: { readonly sql: string; readonly rows: number; readonly ms: number }) => void;
}

interface TableRow {
  readonly name: string;
  readonly comment: string;
  readonly collation: string | null;
}
interface ForeignKeyRow {
  readonly table_name: string;
  readonly name: string;
  readonly column_name: string;
  readonly ref_schema: string;
  readonly ref_table: string;
  readonly ref_column: string;
  readonly on_update: string;
  readonly on_delete: string;
}
interface CheckRow {
  readonly table_name: string;
  readonly name: string;
  readonly clause: string;
  readonly level: string;
}

const groupBy = <T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> => {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list === undefined) out.set(k, [row]);
    else list.push(row);
  }
  return out;
};

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
  const run = async <Row>(sql: string, params: readonly unknown[]): Promise<readonly Row[]> => {
    const t0 = performance.now();
    try {
      const { rows } = await conn.query<Row>(sql, params);
      options.onQuery?.({ sql, rows: rows.length, ms: performance.now() - t0 });
      return rows;
    } catch (error) {
      throw new AthanorError(
        "ATHANOR_INTROSPECTION_FAILED",
        `Reading information_schema failed: ${(error as Error)?.message ?? String(error)}. Check that the user may read the database's metadata.`,
        { dialect: "mysql", sql: sql.trim().slice(0, 200) },
        { cause: error },
      );
    }
  };
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
  const p = [database];
  const tables = await run<TableRow>(TABLES_QUERY, p);
  const columns = groupBy(await run<ColumnRow>(COLUMNS_QUERY, p), (r) => r.table_name);
  const statistics = groupBy(
    await run<StatisticsRow>(statisticsQuery(server.flavor === "mysql"), p),
    (r) => r.table_name,
  );
  const foreignKeys = groupBy(await run<ForeignKeyRow>(FOREIGN_KEYS_QUERY, p), (r) => r.table_name);
  const checks = groupBy(await run<CheckRow>(checksQuery(server.flavor), p), (r) => r.table_name);
  const views = await run<ViewRow>(viewsQuery(server.flavor), p);

  const version = options.versionTable ?? "athanor_version";
  const excluded = new Set([
    version,
    `${version}_history`,
    `${version}_backfill`,
    ...(options.exclude ?? []),
  ]);
  const models: TableModel[] = tables
    .filter((t) => !excluded.has(t.name))
    .map((t) => {
      const tableChecks = checks.get(t.name) ?? [];
      const jsonColumns = new Set(
        tableChecks.filter((c) => isJsonCheck(c.name, c.clause, c.level)).map((c) => c.name),
      );
      const byIndex = groupBy(statistics.get(t.name) ?? [], (r) => r.name);
      const primary = byIndex.get("PRIMARY");
      const uniques: UniqueModel[] = [];
      const indexes: IndexModel[] = [];
      for (const [name, parts] of byIndex) {
        if (name === "PRIMARY") continue;
        const model = toIndexOrUnique(name, parts);
        if ("keys" in model) indexes.push(model);
        else uniques.push(model);
      }
      const fks: ForeignKeyModel[] = [...groupBy(foreignKeys.get(t.name) ?? [], (r) => r.name)].map(
        ([name, rows]) => ({
          name,
          columns: rows.map((r) => r.column_name),
          referencedSchema: rows[0]?.ref_schema ?? database,
          referencedTable: rows[0]?.ref_table ?? "",
          referencedColumns: rows.map((r) => r.ref_column),
          onUpdate: toAction(rows[0]?.on_update ?? ""),
          onDelete: toAction(rows[0]?.on_delete ?? ""),
          match: "simple",
          deferrable: false,
          initiallyDeferred: false,
          validated: true,
        }),
      );
      const checkModels: CheckModel[] = tableChecks
        .filter((c) => !jsonColumns.has(c.name) || !isJsonCheck(c.name, c.clause, c.level))
        .map((c) => ({ name: c.name, expression: c.clause, validated: true }));
      return {
        schema: database,
        name: t.name,
        columns: (columns.get(t.name) ?? []).map((c) => toColumn(c, server.flavor, t.collation, jsonColumns)),
        primaryKey:
          primary === undefined
            ? null
            : { name: "PRIMARY", columns: primary.map((r) => r.column_name ?? "") },
        uniques,
        foreignKeys: fks,
        checks: checkModels,
        indexes: withoutRedundantFkIndexes(indexes, fks, [
          ...(primary === undefined ? [] : [primary.map((r) => r.column_name ?? "")]),
          ...uniques.map((u) => u.columns),
        ]),
        comment: t.comment === "" ? null : t.comment,
      };
    });
  return normalizeSchemaModel({
    schemas: [database],
    tables: models,
    enums: [],
    sequences: [],
    views: views.filter((v) => !excluded.has(v.name)).map((v) => toMysqlView(v, database)),
  });
}
