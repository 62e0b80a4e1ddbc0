import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { AthanorError } from "../errors.js";
import type { Direction } from "../plan/plan.js";
import { nextStep } from "../text/next-step.js";
import type { BookkeepingSql } from "./bookkeeping-sql.js";

/**
 * The run's one transaction (`singleTransaction`): opened by the run before its first step,
 * committed after its last; every step's statements, version rows and history rows go inside it
 * with no BEGIN or COMMIT of their own. `open` turns false once a step's failure rolled it back.
 */
export interface RunTransaction {
  open: boolean;
}

/** How a single-transaction run ended, as read back from the version table. */
export type RunTransactionOutcome = "committed" | "rolled-back" | "unknown";

/** The advice of a refusal: one transaction per revision. */
export const singleTransactionHint = (): string =>
  `run with \`${nextStep({ kind: "single-transaction-off" })}\`: one transaction per revision`;

/** A backfill reached inside the run's transaction: it commits batch by batch, so the run stops. */
export function backfillInRunTransaction(revision: string, direction: Direction): AthanorError {
  return refused(revision, direction, "op.backfill", undefined);
}

/** The refusal of a revision that cannot run inside the run's one transaction. */
export function refused(
  revision: string,
  direction: Direction,
  reason: string,
  operationIndex: number | undefined,
): AthanorError {
  return new AthanorError(
    "ATHANOR_SINGLE_TRANSACTION_REFUSED",
    `Revision ${revision} cannot run inside a single transaction: its ${direction} has ${reason}${operationIndex === undefined ? "" : ` (operation #${operationIndex})`}, which must commit on its own. Nothing of the run was applied.`,
    {
      revision,
      direction,
      reason,
      ...(operationIndex === undefined ? {} : { operationIndex }),
      hint: singleTransactionHint(),
    },
  );
}

/**
 * Ends the run's transaction: COMMIT when every step ran, else ROLLBACK (when a step's failure did
 * not already). The outcome is what the version table, read back, says — on the run's session,
 * or on a new one when that session is gone (the server rolled back its open transaction).
 */
export async function endRunTransaction(parts: {
  readonly conn: Connection;
  readonly dialect: Dialect;
  readonly sql: BookkeepingSql;
  readonly tx: RunTransaction;
  readonly commit: boolean;
  readonly before: readonly string[];
  readonly expected: readonly string[];
  readonly log?: ((sql: string) => void) | undefined;
}): Promise<{ outcome: RunTransactionOutcome; heads: string[] | undefined; commitError?: unknown }> {
  const { conn, dialect, tx, log } = parts;
  const same = (a: readonly string[], b: readonly string[]) => {
    if (a.length !== b.length) return false;
    const sortedB = [...b].sort();
    return [...a].sort().every((id, i) => id === sortedB[i]);
  };
  let commitError: unknown;
  if (parts.commit && tx.open) {
    log?.(dialect.commitTransaction);
    try {
      await conn.executeScript([dialect.commitTransaction]);
      tx.open = false;
      const heads = await readHeads(parts);
      // committed where the revisions lead; anywhere else, a revision's own COMMIT or ROLLBACK
      // ended the run's transaction early and this COMMIT kept only what came after it
      return { outcome: heads !== undefined && same(heads, parts.expected) ? "committed" : "unknown", heads };
    } catch (error) {
      commitError = error;
    }
  }
  if (tx.open) {
    log?.(dialect.rollbackTransaction);
    await conn.executeScript([dialect.rollbackTransaction]).catch(() => undefined);
    tx.open = false;
  }
  const heads = await readHeads(parts);
  const outcome =
    heads === undefined
      ? "unknown"
      : same(heads, parts.before)
        ? "rolled-back"
        : commitError !== undefined && same(heads, parts.expected)
          ? "committed"
          : "unknown";
  return { outcome, heads, ...(commitError === undefined ? {} : { commitError }) };
}

/** The version table's heads: on the run's session, else on a session of its own; undefined when neither answers. */
async function readHeads(parts: {
  readonly conn: Connection;
  readonly dialect: Dialect;
  readonly sql: BookkeepingSql;
}): Promise<string[] | undefined> {
  // a version table the run created inside its transaction is gone with a rollback: no heads
  const read = async (conn: Connection) =>
    (await conn.query(parts.sql.versionTableExists())).rows.length === 0
      ? []
      : (await conn.query<{ version_num: string }>(parts.sql.selectHeads())).rows
          .map((r) => r.version_num)
          .sort();
  try {
    return await read(parts.conn);
  } catch {
    // the run's session is gone (a terminated backend): ask on a new one
  }
  let fresh: Connection | undefined;
  try {
    fresh = await parts.dialect.connect();
    return await read(fresh);
  } catch {
    return undefined;
  } finally {
    await fresh?.close().catch(() => undefined);
  }
}
