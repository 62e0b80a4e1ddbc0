import type { Connection } from "../dialect/connection.js";
import type { LockRetryInput } from "../ops/lock-retry-settings.js";
import { type BookkeepingSql, STATEMENTS_FINGERPRINT } from "./bookkeeping-sql.js";
import { type LockSafetySql, resolveLockRetry } from "./lock-retry.js";

/** What a partial run's history row says about who wrote it and which statements were done. */
export interface PartialRecord {
  /** The athanor version that ran the attempt (null: not recorded). */
  readonly athanorVersion: string | null;
  /** The record of its done statements (StatementPrints.recorded); null when an older athanor wrote the row. */
  readonly fingerprint: string | null;
}

/** Whether the history table has the `statements_fingerprint` column (an older athanor's table may not); reads only. */
export async function hasFingerprintColumn(conn: Connection, sql: BookkeepingSql): Promise<boolean> {
  const history = `${sql.location.name}_history`;
  const rows = (await conn.query<{ table_name: string; column_name: string }>(sql.selectBookkeepingColumns()))
    .rows;
  return rows.some((r) => r.table_name === history && r.column_name === STATEMENTS_FINGERPRINT);
}

/**
 * Adds the `statements_fingerprint` column to a history table an older athanor created, so this
 * run's partial rows can record their statements. Under the lock, before the first step; the
 * same `ALTER TABLE … ADD COLUMN` on every dialect (a nullable column: old rows keep NULL). The
 * ALTER waits for the table's lock at most the run's lock timeout: should a session hold the
 * table longer, the run goes on and writes its partial rows as an older athanor did (without
 * the record; resumed then only by this athanor version), never waiting behind it unbounded.
 */
export async function ensureFingerprintColumn(
  conn: Connection,
  sql: BookkeepingSql,
  options: {
    readonly lockSafety?: LockSafetySql | undefined;
    readonly lockRetry?: LockRetryInput | undefined;
    readonly log?: ((sql: string) => void) | undefined;
  } = {},
): Promise<void> {
  if (await hasFingerprintColumn(conn, sql)) {
    sql.recordsStatementsFingerprint = true;
    return;
  }
  const { lockSafety, log } = options;
  const timeoutMs = lockSafety === undefined ? undefined : resolveLockRetry(options.lockRetry)?.lockTimeoutMs;
  const bound = timeoutMs === undefined ? [] : (lockSafety?.setLockTimeout(timeoutMs, "session") ?? []);
  const statements = [...bound, sql.addStatementsFingerprint()];
  for (const statement of statements) log?.(statement);
  try {
    await conn.executeScript(statements);
    sql.recordsStatementsFingerprint = true;
  } catch (error) {
    if (lockSafety?.isLockTimeout(error as object) !== true) throw error;
    sql.recordsStatementsFingerprint = false;
  } finally {
    const reset = bound.length === 0 ? [] : (lockSafety?.resetLockTimeout("session") ?? []);
    for (const statement of reset) log?.(statement);
    if (reset.length > 0) await conn.executeScript(reset);
  }
}

/** Reads the athanor version and statement record of history row `id`; reads only. */
export async function readPartialRecord(
  conn: Connection,
  sql: BookkeepingSql,
  id: number,
): Promise<PartialRecord> {
  const withFingerprint = await hasFingerprintColumn(conn, sql);
  const rows = (await conn.query<Record<string, unknown>>(sql.selectPartialRecord(id, withFingerprint))).rows;
  const row = rows[0] ?? {};
  const text = (value: unknown) => (value == null ? null : String(value));
  return { athanorVersion: text(row.athanor_version), fingerprint: text(row[STATEMENTS_FINGERPRINT]) };
}
