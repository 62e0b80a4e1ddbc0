import type { MysqlDriverError } from "../client-types.js";

/**
 * A conflicting write from another node: certification failed, or this node's statement was
 * brute-force aborted by a replicated one (a DDL statement from another node aborts even a read of
 * information_schema). The statement did nothing; it may be sent again.
 */
export function isCertificationConflict(error: unknown): boolean {
  const e = error as MysqlDriverError;
  return e?.errno === 1213 || e?.errno === 1205 || e?.code === "ER_LOCK_DEADLOCK";
}
