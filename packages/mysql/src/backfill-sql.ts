import type {
  BackfillColumn,
  BackfillCursor,
  BackfillQuery,
  BackfillSql,
  BackfillTarget,
  QualifiedName,
} from "@athanor/core";
import { batchAssignments, batchColumns, batchFilter, batchKeyList, keyAlias } from "@athanor/core/dialect";
import { quoteIdent, quoteQualified } from "./quote.js";

// MySQL has no single statement that updates a LIMITed key range and returns the last key, so a
// `set` batch is two statements in one transaction: select the next keys FOR UPDATE, then
// update the range (cursor, last]. Composite-key comparisons are spelled out lexicographically
// (a > x OR (a = x AND b > y)), which both MySQL and MariaDB turn into index ranges.

/** Lexicographic `key <op> values`: `>` after the cursor, `<=` up to the last key. */
function compare(t: BackfillTarget, values: readonly string[], op: ">" | "<=", params: unknown[]): string {
  const strict = op === ">" ? ">" : "<";
  const alternatives = t.key.map((k, i) => {
    const parts = t.key.slice(0, i).map((p, j) => {
      params.push(values[j]);
      return `${quoteIdent(p.name)} = ?`;
    });
    params.push(values[i]);
    parts.push(`${quoteIdent(k.name)} ${i === t.key.length - 1 ? op : strict} ?`);
    return `(${parts.join(" AND ")})`;
  });
  return `(${alternatives.join(" OR ")})`;
}

const after = (t: BackfillTarget, cursor: BackfillCursor, params: unknown[]) =>
  cursor === null ? "TRUE" : compare(t, cursor, ">", params);

function assignments(t: BackfillTarget, set: Readonly<Record<string, string>>): string {
  return [...batchAssignments(set, quoteIdent), ...kept(t, Object.keys(set), quoteIdent)].join(", ");
}

/**
 * `col = col` for each ON UPDATE CURRENT_TIMESTAMP column the batch does not write: assigned
 * explicitly, the server leaves it as it was instead of stamping the backfill's time on every row.
 */
function kept(t: BackfillTarget, written: readonly string[], column: (name: string) => string): string[] {
  return (t.keepOnUpdate ?? [])
    .filter((name) => !written.includes(name))
    .map((name) => `${column(name)} = ${column(name)}`);
}

/**
 * Batched-backfill SQL for MySQL 8 and MariaDB 10.11+ (InnoDB), with `?` placeholders.
 *
 * @example
 * ```ts
 * mysqlBackfillSql.countRows({ name: "users" }, "email_lower IS NULL").sql;
 * // "SELECT COUNT(*) AS n FROM `users` WHERE (email_lower IS NULL)"
 * ```
 */
export const mysqlBackfillSql: BackfillSql = {
  maxParams: 30_000,
  describeTable(table: QualifiedName): BackfillQuery {
    return {
      sql:
        "SELECT c.COLUMN_NAME AS name, c.COLUMN_TYPE AS type, k.ORDINAL_POSITION AS key_position, " +
        "LOWER(c.EXTRA) LIKE '%on update%' AS on_update " +
        "FROM information_schema.COLUMNS c LEFT JOIN information_schema.KEY_COLUMN_USAGE k " +
        "ON k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME AND k.COLUMN_NAME = c.COLUMN_NAME AND k.CONSTRAINT_NAME = 'PRIMARY' " +
        "WHERE c.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND c.TABLE_NAME = ? ORDER BY c.ORDINAL_POSITION",
      params: [table.schema ?? null, table.name],
    };
  },
  estimateRows(table: QualifiedName): BackfillQuery {
    return {
      sql: "SELECT TABLE_ROWS AS estimate FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?",
      params: [table.schema ?? null, table.name],
    };
  },
  countRows(table: QualifiedName, where: string | undefined): BackfillQuery {
    return {
      sql: `SELECT COUNT(*) AS n FROM ${quoteQualified(table)}${where === undefined ? "" : ` WHERE (${where})`}`,
      params: [],
    };
  },
  selectBatch(
    t: BackfillTarget,
    cursor: BackfillCursor,
    columns: readonly string[] | "keys" | undefined,
  ): BackfillQuery {
    const params: unknown[] = [];
    const keyText = t.key.map((k, i) => `CAST(${quoteIdent(k.name)} AS CHAR) AS ${keyAlias(i)}`).join(", ");
    const picked = batchColumns(t, columns, quoteIdent, `${quoteQualified(t.table)}.*, `);
    return {
      sql:
        `SELECT ${picked}${keyText} FROM ${quoteQualified(t.table)} WHERE ${after(t, cursor, params)}${batchFilter(t)} ` +
        `ORDER BY ${batchKeyList(t, quoteIdent)} LIMIT ${t.batchSize} FOR UPDATE`,
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
      sql: `UPDATE ${quoteQualified(t.table)} SET ${assignments(t, set)} WHERE ${lower} AND ${upper}${batchFilter(t)}`,
      params,
    };
  },
  updateRows(
    t: BackfillTarget,
    columns: readonly BackfillColumn[],
    rows: readonly (readonly unknown[])[],
  ): BackfillQuery {
    const params: unknown[] = [];
    const names = [...t.key.map((_, i) => keyAlias(i)), ...columns.map((c) => quoteIdent(c.name))];
    const selects = rows.map((r, n) => {
      const cells = names.map((name, i) => {
        params.push(r[i]);
        return n === 0 ? `? AS ${name}` : "?";
      });
      return `SELECT ${cells.join(", ")}`;
    });
    const table = quoteQualified(t.table);
    return {
      sql:
        `UPDATE ${table} JOIN (${selects.join(" UNION ALL ")}) AS athanor_v ON ` +
        `${t.key.map((k, i) => `${table}.${quoteIdent(k.name)} = athanor_v.${keyAlias(i)}`).join(" AND ")} ` +
        `SET ${[
          ...columns.map((c) => `${table}.${quoteIdent(c.name)} = athanor_v.${quoteIdent(c.name)}`),
          ...kept(
            t,
            columns.map((c) => c.name),
            (name) => `${table}.${quoteIdent(name)}`,
          ),
        ].join(", ")}`,
      params,
    };
  },
};
