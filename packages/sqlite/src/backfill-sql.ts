import type {
  BackfillColumn,
  BackfillCursor,
  BackfillQuery,
  BackfillSql,
  BackfillTarget,
  QualifiedName,
} from "@athanor/core";
import { batchAssignments, batchColumns, batchFilter, batchKeyList, keyAlias } from "@athanor/core/dialect";
import { quoteIdent, quoteLiteral, quoteQualified } from "./quote.js";
import { foreignKeyCheck } from "./render/rebuild.js";

// A `set` batch is two statements in the batch's BEGIN IMMEDIATE transaction (which already holds
// the file's write lock, so nothing needs FOR UPDATE): select the next keys after the cursor, then
// update the key range (cursor, last]. Keys are compared as row values ((a, b) > (?, ?), SQLite
// 3.15+); the cursor travels as text and the key column's affinity converts it back to a number
// for INTEGER keys, as for any comparison of a column with a bound text value.

const row = (items: readonly string[]) => `(${items.join(", ")})`;

/** `key <op> (values)` with `?` placeholders. */
function compare(t: BackfillTarget, values: readonly string[], op: ">" | "<=", params: unknown[]): string {
  params.push(...values);
  return `${row(t.key.map((k) => quoteIdent(k.name)))} ${op} ${row(t.key.map(() => "?"))}`;
}

const after = (t: BackfillTarget, cursor: BackfillCursor, params: unknown[]) =>
  cursor === null ? "1" : compare(t, cursor, ">", params);

/**
 * The COMMIT of a batch that wrote `written` columns of `table` (undefined: any), checking only the
 * foreign keys it may have broken: the table's own (`pragma_foreign_key_check(table)`) and those of
 * the tables referencing it by a written column (or by its primary key, a reference without
 * columns) — not every key of the file, which scans every child table's rows at each batch.
 * Only where the session runs the foreign key check itself (sqliteDialect; D1 checks deferred keys
 * at the end of each batch and has no TEMP tables).
 *
 * @example
 * ```ts
 * sqliteCommitBatch({ name: "users" }, ["email_lower"]); // the check of users and its children, then COMMIT
 * ```
 */
export function sqliteCommitBatch(table: QualifiedName, written: readonly string[] | undefined): string {
  const name = quoteLiteral(table.name);
  const byWritten =
    written === undefined
      ? ""
      : ` AND (f."to" IS NULL OR f."to" IN (${written.length === 0 ? "NULL" : written.map(quoteLiteral).join(", ")}))`;
  const checked =
    `SELECT ${name} AS name UNION SELECT m.name FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f ` +
    `WHERE m.type = 'table' AND f."table" = ${name} COLLATE NOCASE${byWritten}`;
  const violations = `SELECT k."table", k.rowid, k.parent FROM (${checked}) AS c, pragma_foreign_key_check(c.name) AS k`;
  return [...foreignKeyCheck(violations), "COMMIT"].join(";\n");
}

/**
 * Batched-backfill SQL for SQLite (better-sqlite3, libsql, @libsql/client), with `?` placeholders.
 * SQLite keeps no row-count statistics athanor can trust, so the progress total is an exact
 * `count(*)` (cheap on a local file).
 *
 * @example
 * ```ts
 * sqliteBackfillSql.countRows({ name: "users" }, "display_name IS NULL").sql;
 * // 'SELECT count(*) AS n FROM "users" WHERE (display_name IS NULL)'
 * ```
 */
export const sqliteBackfillSql: BackfillSql = {
  // SQLITE_MAX_VARIABLE_NUMBER is 32,766 since SQLite 3.32
  maxParams: 30_000,
  describeTable(table: QualifiedName): BackfillQuery {
    const schema = table.schema === undefined ? "" : `, ${quoteLiteral(table.schema)}`;
    return {
      sql: `SELECT name, type, NULLIF(pk, 0) AS key_position FROM pragma_table_info(?${schema}) ORDER BY cid`,
      params: [table.name],
    };
  },
  estimateRows(): BackfillQuery {
    return { sql: "SELECT NULL AS estimate", params: [] };
  },
  countRows(table: QualifiedName, where: string | undefined): BackfillQuery {
    return {
      sql: `SELECT count(*) AS n FROM ${quoteQualified(table)}${where === undefined ? "" : ` WHERE (${where})`}`,
      params: [],
    };
  },
  selectBatch(
    t: BackfillTarget,
    cursor: BackfillCursor,
    columns: readonly string[] | "keys" | undefined,
  ): BackfillQuery {
    const params: unknown[] = [];
    const keyText = t.key.map((k, i) => `CAST(${quoteIdent(k.name)} AS TEXT) AS ${keyAlias(i)}`).join(", ");
    const picked = batchColumns(t, columns, quoteIdent, `${quoteQualified(t.table)}.*, `);
    return {
      sql:
        `SELECT ${picked}${keyText} FROM ${quoteQualified(t.table)} WHERE ${after(t, cursor, params)}${batchFilter(t)} ` +
        `ORDER BY ${batchKeyList(t, quoteIdent)} LIMIT ${t.batchSize}`,
      params,
    };
  },
  updateRange(
    t: BackfillTarget,
    set: Readonly<Record<string, string>>,
    cursor: BackfillCursor,
    last: readonly string[],
  ): BackfillQuery {
    const params: unknown[] = [];
    const lower = after(t, cursor, params);
    const upper = compare(t, last, "<=", params);
    return {
      sql: `UPDATE ${quoteQualified(t.table)} SET ${batchAssignments(set, quoteIdent).join(", ")} WHERE ${lower} AND ${upper}${batchFilter(t)}`,
      params,
    };
  },
  // a multi-row VALUES, not a UNION ALL of SELECTs: a compound SELECT is limited to 500 terms
  // (SQLITE_MAX_COMPOUND_SELECT), fewer rows than the default batch of 1,000; a VALUES list is not
  updateRows(
    t: BackfillTarget,
    columns: readonly BackfillColumn[],
    rows: readonly (readonly unknown[])[],
  ): BackfillQuery {
    const width = t.key.length + columns.length;
    const params = rows.flatMap((r) => r.slice(0, width));
    const tuple = `(${Array.from({ length: width }, () => "?").join(", ")})`;
    // a VALUES list names its columns column1, column2, …: the key first, then the columns set
    const value = (i: number) => `athanor_v.column${i + 1}`;
    const table = quoteQualified(t.table);
    // UPDATE … FROM: SQLite 3.33+
    return {
      sql:
        `UPDATE ${table} SET ${columns.map((c, i) => `${quoteIdent(c.name)} = ${value(t.key.length + i)}`).join(", ")} ` +
        `FROM (VALUES ${rows.map(() => tuple).join(", ")}) AS athanor_v WHERE ` +
        t.key.map((k, i) => `${table}.${quoteIdent(k.name)} = ${value(i)}`).join(" AND "),
      params,
    };
  },
};
