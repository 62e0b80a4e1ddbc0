import type { Connection } from "@athanor/core";
import type { IndexColumnRow, IndexListRow } from "./indexes.js";

/** An object of `sqlite_schema`. */
export interface ObjectRow {
  readonly type: string;
  readonly name: string;
  readonly tbl_name: string;
  readonly sql: string | null;
}
/** A row of `pragma_table_xinfo`, with its table's name. */
export interface ColumnRow {
  readonly tbl: string;
  readonly cid: number;
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly dflt_value: string | null;
  readonly pk: number;
  readonly hidden: number;
}
/** A row of `pragma_foreign_key_list`, with its table's name. */
export interface ForeignKeyRow {
  readonly tbl: string;
  readonly id: number;
  readonly seq: number;
  readonly table: string;
  readonly from: string;
  readonly to: string | null;
  readonly on_update: string;
  readonly on_delete: string;
}

/**
 * Every object of `sqlite_schema` with, for a table, its `pragma_table_xinfo`,
 * `pragma_foreign_key_list` and `pragma_index_list` rows (each index with its key columns from
 * `pragma_index_xinfo`) as JSON arrays: one query and one row per object instead of a row object
 * per column, key and index column (12,000 of them at 1,000 tables). A subquery's ORDER BY sets
 * the order its rows are aggregated in (no `json_group_array(… ORDER BY …)`: SQLite 3.44+ only);
 * `json(…)` keeps an index's key list an array inside the outer one (a subquery's value has lost
 * its JSON subtype).
 */
const CATALOGUE = `SELECT m.type, m.name, m.tbl_name, m.sql,
  CASE WHEN m.type = 'table' THEN (
    SELECT json_group_array(json_array(p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden))
    FROM (SELECT * FROM pragma_table_xinfo(m.name) ORDER BY cid) AS p) END AS columns,
  CASE WHEN m.type = 'table' THEN (
    SELECT json_group_array(json_array(f.id, f.seq, f."table", f."from", f."to", f.on_update, f.on_delete))
    FROM (SELECT * FROM pragma_foreign_key_list(m.name) ORDER BY id, seq) AS f) END AS fks,
  CASE WHEN m.type = 'table' THEN (
    SELECT json_group_array(json_array(il.name, il."unique", il.origin, il.partial, json((
      SELECT json_group_array(json_array(x.seqno, x.cid, x.name, x."desc"))
      FROM (SELECT * FROM pragma_index_xinfo(il.name) WHERE key = 1 ORDER BY seqno) AS x))))
    FROM pragma_index_list(m.name) AS il) END AS indexes
FROM sqlite_schema AS m WHERE m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name`;

/** An object with its catalogue rows as JSON (tables only). */
export interface CatalogueRow extends ObjectRow {
  /** JSON: [cid, name, type, notnull, dflt_value, pk, hidden][] (tables only). */
  readonly columns: string | null;
  /** JSON: [id, seq, table, from, to, on_update, on_delete][]. */
  readonly fks: string | null;
  /** JSON: [name, unique, origin, partial, [seqno, cid, name, desc][]][]. */
  readonly indexes: string | null;
}
type ColumnTuple = [number, string, string, number, string | null, number, number];
type ForeignKeyTuple = [number, number, string, string, string | null, string, string];
type IndexTuple = [string, number, string, number, [number, number, string | null, number][]];

/**
 * Every user object of `sqlite_schema`, by name, with its tables' catalogue rows as JSON
 * ({@link catalogueRowsOf} reads them).
 *
 * @example
 * ```ts
 * const objects = await readCatalogue(conn); // [{ type: "table", name: "users", sql: "CREATE TABLE …", columns: "[[0,…]]", … }]
 * ```
 */
export async function readCatalogue(conn: Connection): Promise<readonly CatalogueRow[]> {
  const rows = (await conn.query<CatalogueRow>(CATALOGUE)).rows;
  if (!rows.some((r) => r.type === "table" && VIRTUAL.test(r.sql ?? ""))) return rows;
  // Virtual tables (FTS5, R*Tree, …) and the shadow tables their module keeps, with their indexes:
  // no Drizzle model declares them, and a model without them must not mean "drop them" (or
  // rebuild one as a plain table). Asked only when there is one: the pragma costs ~30 ms at 1,000 tables.
  const modules = await conn.query<{ name: string }>(
    "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('virtual', 'shadow')",
  );
  const left = new Set(modules.rows.map((r) => r.name));
  return rows.filter((r) => !left.has(r.tbl_name));
}

const VIRTUAL = /^\s*create\s+virtual\s+table\b/i;

/**
 * One table's catalogue rows, from its JSON columns, as the pragmas return them (with the table's
 * name; an index's key columns by index name).
 *
 * @example
 * ```ts
 * catalogueRowsOf(row).columns[0]; // { tbl: "users", cid: 0, name: "id", type: "integer", notnull: 1, … }
 * ```
 */
export function catalogueRowsOf(o: CatalogueRow): {
  columns: ColumnRow[];
  fks: ForeignKeyRow[];
  indexList: IndexListRow[];
  keysOf: Map<string, IndexColumnRow[]>;
} {
  const tbl = o.name;
  const columns = (JSON.parse(o.columns ?? "[]") as ColumnTuple[]).map(
    ([cid, name, type, notnull, dflt_value, pk, hidden]): ColumnRow => ({
      tbl,
      cid,
      name,
      type,
      notnull,
      dflt_value,
      pk,
      hidden,
    }),
  );
  const fks = (JSON.parse(o.fks ?? "[]") as ForeignKeyTuple[]).map(
    ([id, seq, table, from, to, on_update, on_delete]): ForeignKeyRow => ({
      tbl,
      id,
      seq,
      table,
      from,
      to,
      on_update,
      on_delete,
    }),
  );
  const indexList: IndexListRow[] = [];
  const keysOf = new Map<string, IndexColumnRow[]>();
  for (const [name, unique, origin, partial, keys] of JSON.parse(o.indexes ?? "[]") as IndexTuple[]) {
    indexList.push({ tbl, name, is_unique: unique, origin, partial });
    keysOf.set(
      name,
      keys.map(([seqno, cid, keyName, desc]) => ({ idx: name, seqno, cid, name: keyName, is_desc: desc })),
    );
  }
  return { columns, fks, indexList, keysOf };
}
