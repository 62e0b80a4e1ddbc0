import type { Connection } from "@athanor/core";
import { quoteLiteral } from "../quote.js";
import type { CheckRow, TableRow } from "./assemble-table.js";
import type { ForeignKeyColumnRow, ForeignKeyRuleRow } from "./foreign-key-rows.js";
import {
  COLUMNS_QUERY,
  checksQuery,
  FOREIGN_KEY_COLUMNS_QUERY,
  FOREIGN_KEY_RULES_QUERY,
  statisticsQuery,
  TABLES_QUERY,
} from "./information-schema-queries.js";
import { informationSchemaReader } from "./information-schema-reader.js";
import type { ColumnRow, StatisticsRow } from "./information-schema-rows.js";
import { type ViewRow, viewsQuery } from "./views.js";

/** The rows of the bulk information_schema queries, one list per kind. */
export interface InformationSchemaRows {
  readonly tables: readonly TableRow[];
  readonly columns: readonly ColumnRow[];
  readonly statistics: readonly StatisticsRow[];
  readonly foreignKeyColumns: readonly ForeignKeyColumnRow[];
  readonly foreignKeyRules: readonly ForeignKeyRuleRow[];
  readonly checks: readonly CheckRow[];
  readonly views: readonly ViewRow[];
}

type OnQuery = (event: { readonly sql: string; readonly rows: number; readonly ms: number }) => void;

/** A connection that can send several SELECTs in one round trip (mysql-driver's `selectAll`). */
interface BatchingConnection {
  selectAll?(statements: readonly string[]): Promise<unknown[][] | undefined>;
}

/**
 * Reads `database`'s tables, columns, indexes, foreign keys, checks and views. Where the session
 * allows several statements a query, all seven are sent at once (the database name written in
 * as a literal): the server answers them back to back, also while the client is busy. Else, or
 * when that fails, one query at a time, which reports a failure naming the query.
 *
 * @example
 * ```ts
 * const { tables, columns } = await readInformationSchema(conn, "app", "mariadb");
 * ```
 */
export async function readInformationSchema(
  conn: Connection,
  database: string,
  flavor: "mysql" | "mariadb",
  onQuery?: OnQuery,
): Promise<InformationSchemaRows> {
  const queries: readonly (readonly [string, readonly string[]])[] = [
    [TABLES_QUERY, [database]],
    [COLUMNS_QUERY, [database]],
    [statisticsQuery(flavor === "mysql"), [database]],
    [FOREIGN_KEY_COLUMNS_QUERY, [database, database]],
    [FOREIGN_KEY_RULES_QUERY, [database]],
    [checksQuery(flavor), [database]],
    [viewsQuery(flavor), [database]],
  ];
  const rows = (await inOneRoundTrip(conn, queries, onQuery)) ?? (await oneByOne(conn, queries, onQuery));
  const [tables, columns, statistics, foreignKeyColumns, foreignKeyRules, checks, views] = rows;
  return {
    tables: tables as TableRow[],
    columns: columns as ColumnRow[],
    statistics: statistics as StatisticsRow[],
    foreignKeyColumns: foreignKeyColumns as ForeignKeyColumnRow[],
    foreignKeyRules: foreignKeyRules as ForeignKeyRuleRow[],
    checks: checks as CheckRow[],
    views: views as ViewRow[],
  };
}

async function inOneRoundTrip(
  conn: Connection,
  queries: readonly (readonly [string, readonly string[]])[],
  onQuery: OnQuery | undefined,
): Promise<readonly (readonly unknown[])[] | undefined> {
  const { selectAll } = conn as Connection & BatchingConnection;
  if (selectAll === undefined) return undefined;
  const started = performance.now();
  let sets: unknown[][] | undefined;
  try {
    sets = await selectAll.call(
      conn,
      queries.map(([sql, params]) => withLiterals(sql, params)),
    );
  } catch {
    return undefined; // asked again one by one, which names what failed
  }
  if (sets === undefined || sets.length !== queries.length) return undefined;
  const ms = performance.now() - started;
  for (const [i, [sql]] of queries.entries()) onQuery?.({ sql, rows: sets[i]?.length ?? 0, ms });
  return sets;
}

async function oneByOne(
  conn: Connection,
  queries: readonly (readonly [string, readonly string[]])[],
  onQuery: OnQuery | undefined,
): Promise<readonly (readonly unknown[])[]> {
  const run = informationSchemaReader(conn, onQuery);
  const out: (readonly unknown[])[] = [];
  for (const [sql, params] of queries) out.push(await run(sql, params));
  return out;
}

/** `sql` with its `?` placeholders (the only `?` in these queries) replaced by the quoted values, in order. */
function withLiterals(sql: string, params: readonly string[]): string {
  let at = 0;
  return sql.replace(/\?/g, () => quoteLiteral(params[at++] as string));
}
