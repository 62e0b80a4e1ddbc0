import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { AthanorError, isAthanorError } from "../errors.js";
import { passThroughEventLoop } from "../runner/event-loop-turn.js";
import { backoffDelay, type LockRetryEvent, type LockRetryOptions, sleep } from "../runner/lock-retry.js";
import type { BackfillEvent, BackfillSummary } from "./backfill-progress.js";
import { type NormalizedBackfill, tableLabel } from "./backfill-spec.js";
import { type BackfillColumn, type BackfillSql, type BackfillTarget, keyAlias } from "./backfill-sql.js";
import type { BackfillIdentity, BackfillProgressState, BackfillStateTable } from "./backfill-state.js";
import type { MaxReplicaLag } from "./max-replica-lag.js";
import { ReplicaThrottle } from "./replica-throttle.js";
import { writeComputedRows } from "./write-computed-rows.js";

/** Below this many estimated rows an exact `count(*)` is cheap enough for the progress total. */
const EXACT_COUNT_BELOW = 100_000;

/** Everything one backfill run needs from the runner. */
export interface BackfillRunContext {
  /** The runner's session; no transaction may be open on it when the backfill starts. */
  readonly conn: Connection;
  readonly dialect: Dialect;
  readonly state: BackfillStateTable;
  readonly id: BackfillIdentity;
  /** Lock timeout and retries per batch; undefined = wait for locks without bound, no retries. */
  readonly lockRetry: LockRetryOptions | undefined;
  readonly onEvent?: ((event: BackfillEvent | LockRetryEvent) => void) | undefined;
  /** Receives statements sent (bookkeeping and batch statements), for `--verbose` and tests. */
  readonly log?: ((sql: string) => void) | undefined;
  /** Start from the first key even when a cursor is saved (a `where` clause skips the rows done). */
  readonly rewalk?: boolean | undefined;
  /** Statements committed together with the removal of the finished backfill's cursor (the runner's progress record). */
  readonly complete?: ((summary: BackfillSummary) => readonly string[]) | undefined;
  /** Checked before every batch: once aborted, the backfill stops with ATHANOR_INTERRUPTED, its cursor saved. */
  readonly signal?: AbortSignal | undefined;
  /** Pause batches while a replica lags past this (the dialect's `replicaLag` probe); absent = never. */
  readonly maxReplicaLag?: MaxReplicaLag | undefined;
  /** The lock fence (Dialect.lockFence), after BEGIN in each batch: a runner that lost its lease stops. */
  readonly fence?: string | undefined;
}

/**
 * Runs one backfill to completion: keyset batches by primary key, each in its own short
 * transaction that also advances the saved cursor, a lock-timeout retry per batch, progress
 * events, and the cursor row deleted at the end. A failure leaves every committed batch done
 * and the cursor saved, and throws ATHANOR_BACKFILL_FAILED (or ATHANOR_LOCK_RETRIES_EXHAUSTED);
 * running it again continues after the last committed batch.
 *
 * @example
 * ```ts
 * const summary = await runBackfill(ctx, normalizeBackfill({ table: "users", set: { a: "lower(b)" }, where: "a IS NULL" }));
 * ```
 */
export async function runBackfill(
  ctx: BackfillRunContext,
  spec: NormalizedBackfill,
): Promise<BackfillSummary> {
  const sql = ctx.dialect.backfillSql;
  const label = tableLabel(spec.table);
  if (sql === undefined) {
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `The ${ctx.dialect.name} dialect cannot run batched backfills (it declares no backfillSql). Use op.execute with an UPDATE instead.`,
      { dialect: ctx.dialect.name },
    );
  }
  const throttle =
    ctx.maxReplicaLag === undefined
      ? undefined
      : new ReplicaThrottle(ctx.conn, ctx.dialect, ctx.maxReplicaLag, (event) => emit(ctx, event));
  const columns = await describe(ctx, sql, spec);
  const target: BackfillTarget = {
    table: spec.table,
    key: columns
      .filter((c) => c.keyPosition !== null)
      .sort((a, b) => (a.keyPosition ?? 0) - (b.keyPosition ?? 0)),
    where: spec.where,
    batchSize: spec.batchSize,
    keepOnUpdate: columns.filter((c) => c.onUpdate).map((c) => c.name),
  };
  const opened = await ctx.state.open(ctx.conn, ctx.id, { rewalk: ctx.rewalk === true });
  let state: BackfillProgressState = opened.state;
  const estimatedTotal = await estimate(ctx, sql, spec, state.rowsDone);
  emit(ctx, {
    type: "backfill-start",
    revision: ctx.id.revision,
    table: label,
    resumedAtRows: state.rowsDone,
    estimatedTotal,
  });

  const runStart = performance.now();
  const startRows = state.rowsDone;
  let longestThisRun = 0;
  for (;;) {
    if (ctx.signal?.aborted === true) throw interrupted(ctx, state, label);
    const stopped = await throttle?.waitBeforeBatch({ revision: ctx.id.revision, table: label }, ctx.signal);
    if (stopped === true) throw interrupted(ctx, state, label); // Ctrl-C while waiting for replicas
    const outcome = await batchWithRetries(ctx, state, label, () =>
      runBatch(ctx, sql, spec, target, columns, state),
    );
    longestThisRun = Math.max(longestThisRun, outcome.batchMs);
    state = outcome.state;
    const elapsed = performance.now() - runStart;
    const rowsPerSecond = elapsed > 0 ? ((state.rowsDone - startRows) * 1000) / elapsed : 0;
    if (outcome.selected > 0) {
      emit(ctx, {
        type: "backfill-progress",
        revision: ctx.id.revision,
        table: label,
        rowsDone: state.rowsDone,
        batches: state.batches,
        rowsPerSecond,
        estimatedTotal,
        etaMs:
          estimatedTotal !== undefined && rowsPerSecond > 0
            ? (Math.max(0, estimatedTotal - state.rowsDone) / rowsPerSecond) * 1000
            : undefined,
        lastBatchMs: outcome.batchMs,
        ...(throttle === undefined ? {} : { replicaLag: throttle.summary() }),
      });
    }
    if (outcome.selected < spec.batchSize) break;
    await (spec.sleepMs > 0 ? sleep(spec.sleepMs) : passThroughEventLoop());
  }
  const summary: BackfillSummary = {
    table: label,
    rows: state.rowsDone,
    batches: state.batches,
    durationMs: state.elapsedMs,
    longestBatchMs: Math.max(state.longestBatchMs, longestThisRun),
    resumed: opened.resumed,
    ...(throttle === undefined ? {} : { replicaLag: throttle.summary() }),
  };
  const record = ctx.complete?.(summary) ?? [];
  await send(
    ctx,
    record.length === 0
      ? [ctx.state.delete(ctx.id)]
      : [ctx.dialect.beginTransaction, ctx.state.delete(ctx.id), ...record, ctx.dialect.commitTransaction],
  );
  emit(ctx, { type: "backfill-end", revision: ctx.id.revision, summary });
  return summary;
}

interface DescribedColumn extends BackfillColumn {
  readonly keyPosition: number | null;
  /** The server changes it on every update of the row (MySQL's ON UPDATE): kept as it was. */
  readonly onUpdate: boolean;
}

async function describe(
  ctx: BackfillRunContext,
  sql: BackfillSql,
  spec: NormalizedBackfill,
): Promise<DescribedColumn[]> {
  const q = sql.describeTable(spec.table);
  const rows = (await ctx.conn.query<Record<string, unknown>>(q.sql, q.params)).rows;
  const label = tableLabel(spec.table);
  if (rows.length === 0) {
    throw new AthanorError(
      "ATHANOR_BACKFILL_FAILED",
      `Cannot backfill ${label}: the table does not exist (in the current schema, if none is given). Check the table name, and that the revision creating it ran first.`,
      { table: label },
    );
  }
  const columns = rows.map((r) => ({
    name: String(r.name),
    type: String(r.type),
    keyPosition: r.key_position == null ? null : Number(r.key_position),
    onUpdate: r.on_update != null && Number(r.on_update) !== 0,
  }));
  if (!columns.some((c) => c.keyPosition !== null)) {
    throw new AthanorError(
      "ATHANOR_BACKFILL_NO_PRIMARY_KEY",
      `Cannot backfill ${label} in batches: it has no primary key to walk. Add a primary key first, or update it with op.execute (one statement, one transaction) if it is small.`,
      { table: label },
    );
  }
  return columns;
}

async function estimate(
  ctx: BackfillRunContext,
  sql: BackfillSql,
  spec: NormalizedBackfill,
  done: number,
): Promise<number | undefined> {
  try {
    const e = sql.estimateRows(spec.table);
    const raw = (await ctx.conn.query<{ estimate: unknown }>(e.sql, e.params)).rows[0]?.estimate;
    const approx = raw == null ? -1 : Number(raw);
    if (approx >= EXACT_COUNT_BELOW) return Math.max(approx, done);
    const c = sql.countRows(spec.table, spec.where);
    const exact = Number((await ctx.conn.query<{ n: unknown }>(c.sql, c.params)).rows[0]?.n ?? 0);
    // With a where clause the count is what is left; without one it is the whole table.
    return spec.where === undefined ? exact : done + exact;
  } catch {
    return undefined; // progress without a total is still progress
  }
}

interface BatchOutcome {
  readonly selected: number;
  readonly state: BackfillProgressState;
  readonly batchMs: number;
}

async function runBatch(
  ctx: BackfillRunContext,
  sql: BackfillSql,
  spec: NormalizedBackfill,
  target: BackfillTarget,
  columns: readonly DescribedColumn[],
  state: BackfillProgressState,
): Promise<BatchOutcome> {
  const t0 = performance.now();
  const lockSql = ctx.dialect.lockSafety;
  const timeout =
    ctx.lockRetry !== undefined && lockSql !== undefined
      ? lockSql.setLockTimeout(ctx.lockRetry.lockTimeoutMs, "transaction")
      : [];
  await send(ctx, [
    ctx.dialect.beginTransaction,
    ...timeout,
    ...(ctx.fence === undefined ? [] : [ctx.fence]),
  ]);
  try {
    const cursor = state.cursor;
    let selected = 0;
    let last: readonly string[] | undefined;
    if (spec.mode === "set" && sql.updateBatch !== undefined) {
      const row = (await query(ctx, sql.updateBatch(target, spec.set, cursor))).rows[0];
      if (row !== undefined) {
        selected = Number(row.selected);
        last = keyOf(row, target);
      }
    } else {
      const rows = (
        await query(ctx, sql.selectBatch(target, cursor, spec.mode === "set" ? "keys" : spec.columns))
      ).rows;
      selected = rows.length;
      const lastRow = rows[rows.length - 1];
      if (lastRow !== undefined) {
        last = keyOf(lastRow, target);
        if (spec.mode === "set") await query(ctx, sql.updateRange(target, spec.set, cursor, last));
        else {
          const visible = rows.map((r) => stripAliases(r, target));
          const updates = await spec.compute(visible);
          for (const q of writeComputedRows(sql, target, columns, updates, tableLabel(spec.table)))
            await query(ctx, q);
        }
      }
    }
    const beforeCommit = performance.now() - t0;
    const next: BackfillProgressState =
      last === undefined
        ? state
        : {
            cursor: last,
            rowsDone: state.rowsDone + selected,
            batches: state.batches + 1,
            elapsedMs: state.elapsedMs + beforeCommit,
            longestBatchMs: Math.max(state.longestBatchMs, beforeCommit),
          };
    const written = spec.mode === "set" ? Object.keys(spec.set) : undefined;
    await send(ctx, [
      ...(last === undefined ? [] : [ctx.state.update(ctx.id, next)]),
      sql.commitBatch?.(spec.table, written) ?? ctx.dialect.commitTransaction,
    ]);
    const batchMs = performance.now() - t0;
    return { selected, state: next, batchMs };
  } catch (error) {
    await ctx.conn.executeScript([ctx.dialect.rollbackTransaction]).catch(() => undefined);
    throw error;
  }
}

/** Retries a batch after lock timeouts, with backoff; wraps any other failure with where it stopped. */
async function batchWithRetries(
  ctx: BackfillRunContext,
  state: BackfillProgressState,
  label: string,
  batch: () => Promise<BatchOutcome>,
): Promise<BatchOutcome> {
  const retry = ctx.lockRetry;
  for (let attempt = 1; ; attempt++) {
    try {
      return await batch();
    } catch (error) {
      const lockTimeout = ctx.dialect.lockSafety?.isLockTimeout(error as object) === true;
      if (lockTimeout && retry !== undefined && attempt <= retry.retries) {
        const delayMs = backoffDelay(retry, attempt);
        emit(ctx, {
          type: "lock-retry",
          revision: ctx.id.revision,
          scope: "backfill-batch",
          attempt,
          retries: retry.retries,
          delayMs,
          message: (error as Error)?.message ?? String(error),
        });
        await sleep(delayMs);
        continue;
      }
      throw batchFailure(ctx, state, label, error, lockTimeout ? attempt - 1 : undefined);
    }
  }
}

function batchFailure(
  ctx: BackfillRunContext,
  state: BackfillProgressState,
  label: string,
  error: unknown,
  retried: number | undefined,
): AthanorError {
  const reason = (error as Error)?.message ?? String(error);
  const where = `${state.rowsDone.toLocaleString("en-US")} rows in ${state.batches} batches are done and the cursor is saved in ${ctx.state.table}`;
  const meta = {
    table: label,
    revision: ctx.id.revision,
    rowsDone: state.rowsDone,
    batches: state.batches,
    cursor: state.cursor === null ? null : [...state.cursor],
    databaseError: isAthanorError(error) ? { code: error.code, message: error.message } : driverError(error),
  };
  if (retried !== undefined) {
    return new AthanorError(
      "ATHANOR_LOCK_RETRIES_EXHAUSTED",
      `Backfill of ${label}: batch #${state.batches + 1} timed out waiting for a row or table lock ${retried + 1} time${retried === 0 ? "" : "s"} (${reason}). ` +
        `${where}. Something holds locks on ${label} for long (a long transaction, or a bulk job): find it in pg_stat_activity / SHOW PROCESSLIST and let it finish, or raise lockRetry.retries / lockTimeoutMs.`,
      { ...meta, retries: retried },
      { cause: error },
    );
  }
  return new AthanorError(
    "ATHANOR_BACKFILL_FAILED",
    `Backfill of ${label} failed in batch #${state.batches + 1}: ${reason}. ${where}.`,
    meta,
    { cause: error },
  );
}

function interrupted(ctx: BackfillRunContext, state: BackfillProgressState, label: string): AthanorError {
  return new AthanorError(
    "ATHANOR_INTERRUPTED",
    `Backfill of ${label} stopped between batches: ${state.rowsDone.toLocaleString("en-US")} rows in ${state.batches} batches are done and the cursor is saved in ${ctx.state.table}.`,
    { table: label, revision: ctx.id.revision, rowsDone: state.rowsDone, batches: state.batches },
  );
}

function driverError(error: unknown): Record<string, unknown> {
  const e = (error ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { message: String(e.message ?? error) };
  for (const k of ["code", "errno", "detail"])
    if (typeof e[k] === "string" || typeof e[k] === "number") out[k] = e[k];
  return out;
}

function keyOf(row: Record<string, unknown>, target: BackfillTarget): string[] {
  return target.key.map((_, i) => String(row[keyAlias(i)]));
}

function stripAliases(row: Record<string, unknown>, target: BackfillTarget): Record<string, unknown> {
  const out = { ...row };
  for (let i = 0; i < target.key.length; i++) delete out[keyAlias(i)];
  return out;
}

async function send(ctx: BackfillRunContext, statements: readonly string[]): Promise<void> {
  for (const s of statements) ctx.log?.(s);
  await ctx.conn.executeScript(statements);
}

function query(ctx: BackfillRunContext, q: { sql: string; params: readonly unknown[] }) {
  ctx.log?.(q.sql);
  return ctx.conn.query<Record<string, unknown>>(q.sql, q.params);
}

function emit(ctx: BackfillRunContext, event: BackfillEvent | LockRetryEvent): void {
  try {
    ctx.onEvent?.(event);
  } catch {
    // a broken progress printer must not stop a backfill
  }
}
