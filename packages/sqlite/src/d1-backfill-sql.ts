import type { BackfillColumn, BackfillSql, BackfillTarget } from "@athanor/core";
import { sqliteBackfillSql } from "./backfill-sql.js";
import { quoteIdent, quoteQualified } from "./quote.js";

/**
 * Batched-backfill SQL for D1: SQLite's, within D1's limits — at most 100 bound parameters a
 * statement, and at most 5 terms in a compound SELECT (both enforced by miniflare's engine as by
 * production), so a `compute` batch is written in chunks of rows under 100 parameters, each a
 * multi-row `VALUES` (a VALUES list is not a compound SELECT) instead of SQLite's `UNION ALL`.
 * Atomicity comes from the session: the runner's BEGIN … COMMIT around a batch's writes and its
 * cursor update is sent as one D1 `batch()`, D1's only transaction (drivers/d1.ts), so a batch
 * and its progress record commit together or not at all; the batch's SELECT runs just before.
 *
 * @example
 * ```ts
 * const dialect: Dialect = { ...d1Base, backfillSql: d1BackfillSql };
 * ```
 */
export const d1BackfillSql: BackfillSql = {
  ...sqliteBackfillSql,
  maxParams: 100,
  updateRows(t: BackfillTarget, columns: readonly BackfillColumn[], rows: readonly (readonly unknown[])[]) {
    const width = t.key.length + columns.length;
    const params = rows.flatMap((r) => r.slice(0, width));
    const tuple = `(${Array.from({ length: width }, () => "?").join(", ")})`;
    // a VALUES list names its columns column1, column2, …: the key first, then the columns set
    const value = (i: number) => `athanor_v.column${i + 1}`;
    const table = quoteQualified(t.table);
    return {
      sql:
        `UPDATE ${table} SET ${columns.map((c, i) => `${quoteIdent(c.name)} = ${value(t.key.length + i)}`).join(", ")} ` +
        `FROM (VALUES ${rows.map(() => tuple).join(", ")}) AS athanor_v WHERE ` +
        t.key.map((k, i) => `${table}.${quoteIdent(k.name)} = ${value(i)}`).join(" AND "),
      params,
    };
  },
};
