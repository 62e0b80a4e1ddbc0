import type { LockSafetySql } from "@athanor/core";
import { quoteIdent } from "./quote.js";

/**
 * Lock-safe execution on PostgreSQL and PGlite: `SET LOCAL lock_timeout` inside a revision's (or
 * backfill batch's) transaction, so it ends with the transaction; `SET lock_timeout` / `RESET
 * lock_timeout` around non-transactional revisions. A lock timeout is SQLSTATE 55P03
 * (lock_not_available). Invalid indexes are read from `pg_index.indisvalid`.
 *
 * @example
 * ```ts
 * postgresLockSafety.setLockTimeout(500, "transaction"); // ["SET LOCAL lock_timeout = '500ms'"]
 * ```
 */
export const postgresLockSafety: LockSafetySql = {
  setLockTimeout(ms, scope) {
    return [
      `SET ${scope === "transaction" ? "LOCAL " : ""}lock_timeout = '${Math.max(1, Math.round(ms))}ms'`,
    ];
  },
  resetLockTimeout(scope) {
    return scope === "transaction" ? [] : ["RESET lock_timeout"];
  },
  isLockTimeout(error) {
    return error.code === "55P03";
  },
  invalidIndexesQuery:
    'SELECT n.nspname AS schema, t.relname AS "table", c.relname AS index, pg_get_indexdef(i.indexrelid) AS definition, ' +
    "pg_table_is_visible(c.oid) AS visible " +
    "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid " +
    "JOIN pg_namespace n ON n.oid = c.relnamespace " +
    "WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' " +
    "ORDER BY 1, 3",
  dropInvalidIndex: (schema, index) =>
    `DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(schema)}.${quoteIdent(index)}`,
};
