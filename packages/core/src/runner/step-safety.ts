import type { BackfillSummary } from "../backfill/backfill-progress.js";
import { describeSummary } from "../backfill/backfill-progress.js";
import { type NormalizedBackfill, tableLabel } from "../backfill/backfill-spec.js";
import { BackfillStateTable } from "../backfill/backfill-state.js";
import type { MaxReplicaLag } from "../backfill/max-replica-lag.js";
import { runBackfill } from "../backfill/run-backfill.js";
import type { Connection } from "../dialect/connection.js";
import type { Dialect, VersionTableLocation } from "../dialect/dialect.js";
import { AthanorError, isAthanorError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import type { RunningBackfill } from "./backfill-under-way.js";
import { assertNoInvalidIndexInTheWay, type InvalidIndex } from "./invalid-indexes.js";
import { type LockRetryInput, type LockRetryOptions, resolveLockRetry } from "./lock-retry.js";
import type { RunWarnings } from "./run-warnings.js";
import type { RunnerEvent } from "./runner-result.js";

/** What every step of a run shares for lock-safe execution and backfills. */
export interface RunSafety {
  /** The run's `lockRetry` option as given (per-revision overrides merge onto it). */
  readonly lockRetry: LockRetryInput | undefined;
  /** Invalid indexes found when the run started. */
  readonly invalidIndexes: readonly InvalidIndex[];
  readonly versionTable: VersionTableLocation;
  readonly onEvent?: ((event: RunnerEvent) => void) | undefined;
  readonly log?: ((sql: string) => void) | undefined;
  /** Aborted by Ctrl-C / SIGTERM: the run stops at the next safe point. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Whether the backfill cursor table exists, once a step of the run has read it (the run holds
   * the migration lock, and only a backfill creates the table), so each step need not ask again.
   */
  readonly cursorTable?: { exists?: boolean | undefined } | undefined;
  /** The run's warning channel: told every operation a step applies. */
  readonly warnings?: RunWarnings | undefined;
  /** The run's `maxReplicaLag`: backfill batches wait while a replica lags past it. */
  readonly maxReplicaLag?: MaxReplicaLag | undefined;
  /**
   * Whether a step left its lock timeouts on the session. Given, the run resets them once — at
   * its end, after a failed step, or before a step that sets none of its own — instead of after
   * every step (each step sets its own first); the run must then reset at its end. Absent: each
   * step resets what it set. `sent`: the statements that set them, while nothing since can have
   * changed them (no `op.execute`, `op.query` or backfill ran): a step that would send the same
   * ones sends nothing.
   */
  readonly sessionTimeouts?: { set: boolean; sent?: string | undefined } | undefined;
}

/** Where a backfill sits in its revision, and what its completion commits with it. */
export interface BackfillPlacement {
  readonly statementIndex: number;
  /** True when the run resumes at this very backfill (its cursor belongs to this attempt chain). */
  readonly resumed: boolean;
  readonly complete: (summary: BackfillSummary) => readonly string[];
  /** The lock fence (Dialect.lockFence), sent after BEGIN in every batch's transaction. */
  readonly fence?: string | undefined;
}

/**
 * The cursor name of the backfill at `statementIndex`: `#2:public.users`.
 *
 * @example
 * ```ts
 * backfillId(2, normalizeBackfill({ table: "users", set: { a: "1" } })); // "#2:.users"
 * ```
 */
export function backfillId(statementIndex: number, spec: NormalizedBackfill): string {
  return `#${statementIndex}:${spec.table.schema ?? ""}.${spec.table.name}`;
}

/**
 * The run's lock-retry settings resolved, once a run rather than once a step (each step's
 * {@link StepSafety} starts from them; resolving merges the defaults and checks four numbers).
 * The object is shared by the run's steps, none of which changes it: an `op.lockRetry` override
 * resolves a new one.
 */
const resolvedRunLockRetry = new WeakMap<RunSafety, LockRetryOptions | undefined>();
function runLockRetry(run: RunSafety): LockRetryOptions | undefined {
  if (resolvedRunLockRetry.has(run)) return resolvedRunLockRetry.get(run);
  const resolved = resolveLockRetry(run.lockRetry);
  resolvedRunLockRetry.set(run, resolved);
  return resolved;
}

/**
 * The lock-safety and backfill state of one attempt at one revision: which lock timeout applies
 * (the run's, or the revision's `op.lockRetry`), the statements that set and reset it, the
 * invalid-index guard on index-creating operations, and the backfills it ran (their summaries
 * become the history row's note).
 *
 * @example
 * ```ts
 * const safety = new StepSafety(runSafety, dialect, "b2", "upgrade");
 * script.splice(0, 0, "BEGIN", ...safety.afterBegin(true));
 * ```
 */
export class StepSafety {
  lockRetry: LockRetryOptions | undefined;
  readonly summaries: BackfillSummary[] = [];
  /**
   * The backfill that began and has not finished (it stopped, or is running): what a failure's
   * history row records, so the run's story never has to be read back from the error's words.
   */
  underWay: RunningBackfill | undefined;
  private started = false;

  constructor(
    readonly run: RunSafety,
    private readonly dialect: Dialect,
    readonly revision: string,
    readonly direction: string,
  ) {
    this.lockRetry = runLockRetry(run);
  }

  /** `op.lockRetry(...)`: allowed only before the revision's first operation. */
  override(input: LockRetryInput): void {
    if (this.started) {
      throw new AthanorError(
        "ATHANOR_INVALID_OPERATION",
        `Revision ${this.revision} calls op.lockRetry() after its first operation; call it first, so every statement runs under the same lock timeout.`,
        { revision: this.revision },
      );
    }
    this.lockRetry = resolveLockRetry(this.run.lockRetry, input);
  }

  /** Called for every operation before it is queued. */
  checkOperation(op: Operation): void {
    this.started = true;
    assertNoInvalidIndexInTheWay(op, this.run.invalidIndexes, this.revision);
    this.run.warnings?.noteOperation(op);
  }

  /** Called before `op.query` and `op.backfill`. */
  markStarted(): void {
    this.started = true;
  }

  private get sql() {
    return this.lockRetry === undefined ? undefined : this.dialect.lockSafety;
  }

  /** Statements right after BEGIN (transactional) or before the first statement (otherwise). */
  open(transactional: boolean): string[] {
    const sql = this.sql;
    if (sql === undefined || this.lockRetry === undefined) return [];
    return [...sql.setLockTimeout(this.lockRetry.lockTimeoutMs, transactional ? "transaction" : "session")];
  }

  /** Statements after the revision's last COMMIT or ROLLBACK, undoing {@link open}. */
  close(transactional: boolean): string[] {
    return [...(this.sql?.resetLockTimeout(transactional ? "transaction" : "session") ?? [])];
  }

  /** The session's lock timeouts back to the server's defaults, whoever set them. */
  resetSession(): string[] {
    return [...(this.dialect.lockSafety?.resetLockTimeout("session") ?? [])];
  }

  /** Whether the backfill cursor table exists; read once per run, known after any backfill. */
  async cursorTableExists(conn: Connection): Promise<boolean> {
    const known = this.run.cursorTable;
    if (known?.exists !== undefined) return known.exists;
    const exists = (await conn.query(this.backfillState.exists())).rows.length > 0;
    if (known !== undefined) known.exists = exists;
    return exists;
  }

  /** The cursor table of the run's backfills. */
  get backfillState(): BackfillStateTable {
    return new BackfillStateTable(this.dialect, this.run.versionTable);
  }

  /**
   * Runs one `op.backfill` on the runner's session (no transaction may be open). Its cursor is
   * named after its statement index in the revision, so a resumed run finds the same cursor.
   */
  async backfill(
    conn: Connection,
    spec: NormalizedBackfill,
    at: BackfillPlacement,
  ): Promise<BackfillSummary> {
    this.started = true;
    if (this.run.cursorTable !== undefined) this.run.cursorTable.exists = true; // runBackfill creates it
    const running = {
      statementIndex: at.statementIndex,
      table: tableLabel(spec.table),
      cursor: backfillId(at.statementIndex, spec),
    };
    this.underWay = running;
    const summary = await runBackfill(
      {
        conn,
        dialect: this.dialect,
        state: this.backfillState,
        id: { revision: this.revision, direction: this.direction, backfill: running.cursor },
        lockRetry: this.lockRetry,
        onEvent: this.run.onEvent,
        log: this.run.log,
        rewalk: at.resumed && spec.where !== undefined,
        complete: at.complete,
        signal: this.run.signal,
        maxReplicaLag: this.run.maxReplicaLag,
        fence: at.fence,
      },
      spec,
    ).catch((error: unknown) => {
      // its own errors count the batches committed before it stopped (ATHANOR_BACKFILL_FAILED,
      // ATHANOR_INTERRUPTED, ATHANOR_LOCK_RETRIES_EXHAUSTED); others leave the count unknown
      const batches = isAthanorError(error) ? error.meta.batches : undefined;
      if (typeof batches === "number") this.underWay = { ...running, batches };
      throw error;
    });
    this.underWay = undefined;
    this.summaries.push(summary);
    return summary;
  }

  /** The history row's note: one line per backfill. */
  note(): string | undefined {
    if (this.summaries.length === 0) return undefined;
    return this.summaries.map((s) => `backfill ${s.table}: ${describeSummary(s)}`).join("; ");
  }
}
