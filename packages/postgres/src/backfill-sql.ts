import type {
  BackfillColumn,
  BackfillCursor,
  BackfillQuery,
  BackfillSql,
  BackfillTarget,
  QualifiedName,
} from "@athanor/core";
import { batchAssignments, batchColumns, batchFilter, batchKeyList, keyAlias } from "@athanor/core/dialect";
import { qualifiedNameText, quoteIdent, quoteQualified } from "./quote.js";

// Key values travel as text and are cast back with the key column's own type, so any orderable
// key type (int, bigint, uuid, text, timestamptz, composite) round-trips through the cursor.

const row = (items: readonly string[]) =>
  items.length === 1 ? (items[0] as string) : `(${items.join(", ")})`;

/** `key > cursor` with bind parameters `$from..`, or `TRUE` before the first batch. */
function after(t: BackfillTarget, cursor: BackfillCursor, params: unknown[], qualifier = ""): string {
  if (cursor === null) return "TRUE";
  const placeholders = t.key.map((k, i) => {
    params.push(cursor[i]);
    return `$${params.length}::${k.type}`;
  });
  return `${row(t.key.map((k) => `${qualifier}${quoteIdent(k.name)}`))} > ${row(placeholders)}`;
}

/**
 * Batched-backfill SQL for PostgreSQL and PGlite. A `set` batch is one statement (one round trip):
 * a CTE picks the next keys after the cursor, a second finds the last of them, and the UPDATE
 * touches the key range `(cursor, last]` — a bounded primary-key index range scan, never a join
 * the planner could turn into a full-table hash join — returning the row count and the new cursor.
 *
 * @example
 * ```ts
 * const dialect = { ...postgresDialect({ url }), backfillSql: postgresBackfillSql };
 * ```
 */
export const postgresBackfillSql: BackfillSql = {
  maxParams: 30_000,
  describeTable(table: QualifiedName): BackfillQuery {
    return {
      sql:
        "SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, " +
        "array_position(i.indkey::int2[], a.attnum) AS key_position " +
        "FROM pg_attribute a LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary " +
        "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
      params: [qualifiedNameText(table)],
    };
  },
  estimateRows(table: QualifiedName): BackfillQuery {
    return {
      sql: "SELECT reltuples::bigint AS estimate FROM pg_class WHERE oid = to_regclass($1)",
      params: [qualifiedNameText(table)],
    };
  },
  countRows(table: QualifiedName, where: string | undefined): BackfillQuery {
    return {
      sql: `SELECT count(*) AS n FROM ${quoteQualified(table)}${where === undefined ? "" : ` WHERE (${where})`}`,
      params: [],
    };
  },
  updateBatch(
    t: BackfillTarget,
    set: Readonly<Record<string, string>>,
    cursor: BackfillCursor,
  ): BackfillQuery {
    const params: unknown[] = [];
    const table = quoteQualified(t.table);
    const aliases = t.key.map((_, i) => keyAlias(i));
    const batch =
      `SELECT ${t.key.map((k, i) => `${quoteIdent(k.name)} AS ${aliases[i]}`).join(", ")} FROM ${table} ` +
      `WHERE ${after(t, cursor, params)}${batchFilter(t)} ORDER BY ${batchKeyList(t, quoteIdent)} LIMIT ${t.batchSize}`;
    const last =
      `SELECT ${aliases.join(", ")}, (SELECT count(*) FROM athanor_batch) AS selected FROM athanor_batch ` +
      `ORDER BY ${aliases.map((a) => `${a} DESC`).join(", ")} LIMIT 1`;
    const qualifier = `${table}.`;
    const update =
      `UPDATE ${table} SET ${batchAssignments(set, quoteIdent).join(", ")} FROM athanor_last ` +
      `WHERE ${after(t, cursor, params, qualifier)} AND ${row(t.key.map((k) => `${qualifier}${quoteIdent(k.name)}`))} <= ${row(aliases.map((a) => `athanor_last.${a}`))}` +
      `${batchFilter(t)} RETURNING 1`;
    return {
      sql:
        `WITH athanor_batch AS (${batch}), athanor_last AS (${last}), athanor_updated AS (${update}) ` +
        `SELECT selected, (SELECT count(*) FROM athanor_updated) AS updated, ${aliases.map((a) => `${a}::text AS ${a}`).join(", ")} FROM athanor_last`,
      params,
    };
  },
  selectBatch(
    t: BackfillTarget,
    cursor: BackfillCursor,
    columns: readonly string[] | "keys" | undefined,
  ): BackfillQuery {
    const params: unknown[] = [];
    const keyText = t.key.map((k, i) => `${quoteIdent(k.name)}::text AS ${keyAlias(i)}`).join(", ");
    const picked = batchColumns(t, columns, quoteIdent, "*, ");
    return {
      sql:
        `SELECT ${picked}${keyText} FROM ${quoteQualified(t.table)} WHERE ${after(t, cursor, params)}${batchFilter(t)} ` +
        `ORDER BY ${batchKeyList(t, quoteIdent)} LIMIT ${t.batchSize} FOR NO KEY UPDATE`,
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
    const upper = t.key.map((k, i) => {
      params.push(last[i]);
      return `$${params.length}::${k.type}`;
    });
    return {
      sql: `UPDATE ${quoteQualified(t.table)} SET ${batchAssignments(set, quoteIdent).join(", ")} WHERE ${lower} AND ${row(t.key.map((k) => quoteIdent(k.name)))} <= ${row(upper)}${batchFilter(t)}`,
      params,
    };
  },
  updateRows(
    t: BackfillTarget,
    columns: readonly BackfillColumn[],
    rows: readonly (readonly unknown[])[],
  ): BackfillQuery {
    const params: unknown[] = [];
    const all = [...t.key, ...columns];
    const values = rows
      .map((r) => {
        const placeholders = all.map((c, i) => {
          params.push(r[i]);
          return `$${params.length}::${c.type}`;
        });
        return `(${placeholders.join(", ")})`;
      })
      .join(", ");
    const names = [...t.key.map((_, i) => keyAlias(i)), ...columns.map((c) => quoteIdent(c.name))];
    const table = quoteQualified(t.table);
    return {
      sql:
        `UPDATE ${table} SET ${columns.map((c) => `${quoteIdent(c.name)} = athanor_v.${quoteIdent(c.name)}`).join(", ")} ` +
        `FROM (VALUES ${values}) AS athanor_v(${names.join(", ")}) ` +
        `WHERE ${row(t.key.map((k) => `${table}.${quoteIdent(k.name)}`))} = ${row(t.key.map((_, i) => `athanor_v.${keyAlias(i)}`))}`,
      params,
    };
  },
};
