import type { Dialect } from "../dialect/dialect.js";

/** What cancelling a timed-out target's statement achieved. */
export interface CancelReport {
  /** A statement was still running after the timeout and the server accepted its cancel. */
  readonly sent: boolean;
  /** Why it could not be sent: the dialect cannot, the session's id is unknown, the cancel failed. */
  readonly failure?: string | undefined;
}

/** A statement running at least this long after the timeout is the one cut short (bookkeeping statements are quick). */
const SLOW_STATEMENT_MS = 500;
const POLL_MS = 200;

/** A server session id as the fleet accepts it into SQL: digits only. */
export function checkedSessionId(value: unknown): string | undefined {
  const text = typeof value === "bigint" || typeof value === "number" ? String(value) : value;
  return typeof text === "string" && /^\d{1,20}$/.test(text) ? text : undefined;
}

/**
 * From a second session of the same server, cancels whatever statement session `id` has been
 * running for a while, again and again, until `done` settles: the run was asked to stop at its
 * next safe point, but a statement sent just before (or a batch already on the wire) would run
 * to its end. Quick statements — the rollback, the history row — are left alone. Never throws.
 */
export async function cancelUntilDone(
  dialect: Dialect,
  id: string | undefined,
  done: Promise<unknown>,
): Promise<CancelReport> {
  const sql = dialect.statementCancel;
  if (sql === undefined)
    return { sent: false, failure: `the ${dialect.name} dialect cannot cancel a statement` };
  if (id === undefined) return { sent: false, failure: "the session's id on the server is not known" };
  let finished = false;
  const settled = done.then(
    () => {
      finished = true;
    },
    () => {
      finished = true;
    },
  );
  let sent = false;
  try {
    const control = await dialect.connect();
    try {
      while (!finished) {
        if ((await control.query(sql.running(id, SLOW_STATEMENT_MS))).rows.length > 0) {
          await control.query(sql.cancel(id));
          sent = true;
        }
        await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, POLL_MS))]);
      }
    } finally {
      await control.close();
    }
    return { sent };
  } catch (error) {
    return { sent, failure: (error as Error)?.message ?? String(error) };
  }
}

/**
 * Asks the server, from a second session, until session `id` runs no statement (idle or gone):
 * true once seen so, false when it still runs one after `waitMs` or the server cannot be asked.
 */
export async function statementGone(
  dialect: Dialect,
  id: string | undefined,
  waitMs = 5_000,
): Promise<boolean> {
  const sql = dialect.statementCancel;
  if (sql === undefined || id === undefined) return false;
  try {
    const control = await dialect.connect();
    try {
      const until = performance.now() + waitMs;
      for (;;) {
        if ((await control.query(sql.running(id, 0))).rows.length === 0) return true;
        if (performance.now() > until) return false;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      await control.close();
    }
  } catch {
    return false;
  }
}
