import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { AthanorError } from "../errors.js";
import { isPlainDml } from "./plain-dml.js";
import type { ProgressRecord } from "./progress-record.js";
import { backfillInRunTransaction, type RunTransaction } from "./run-transaction.js";
import { executeStatements, ScriptFailure } from "./step-failure.js";
import type { StepSafety } from "./step-safety.js";
import type { ScriptStatement } from "./step-script.js";

/**
 * How a revision's statements reach the database:
 * - `atomic`: one transaction (transactional DDL); commit points only before a backfill;
 * - `implicit-commits`: a transaction that the dialect commits at each DDL statement (MySQL):
 *   progress is recorded right before and after each such statement;
 * - `autocommit`: a `transactional: false` revision; progress recorded after each statement;
 * - `enclosed`: inside the run's one transaction (`singleTransaction`, single-transaction.ts):
 *   as `atomic`, without a BEGIN or COMMIT of its own; a commit point (a backfill) is refused.
 */
export type StepMode = "atomic" | "implicit-commits" | "autocommit" | "enclosed";

/**
 * The mode of a step: a `transactional: false` revision autocommits; otherwise the dialect's
 * DDL decides.
 *
 * @example
 * ```ts
 * stepMode(true, postgresDialect); // "atomic"
 * ```
 */
export function stepMode(transactional: boolean, dialect: Dialect, enclosed = false): StepMode {
  // the run refused a non-transactional revision and a dialect without transactional DDL up front
  if (enclosed) return "enclosed";
  if (!transactional) return "autocommit";
  return dialect.capabilities.transactionalDdl ? "atomic" : "implicit-commits";
}

/** What a {@link StepTransaction} works with, fixed for one attempt at one step. */
export interface StepTransactionParts {
  readonly conn: Connection;
  readonly dialect: Dialect;
  readonly mode: StepMode;
  readonly safety: StepSafety;
  readonly record: ProgressRecord;
  /** Statements before this op-statement index were done by the attempt this one resumes. */
  readonly resumeFrom: number;
  /** This attempt resumes a partial one (which may have recorded no statement as done). */
  readonly resuming?: boolean | undefined;
  readonly log?: ((sql: string) => void) | undefined;
  /** The dialect's lock fence for this step's session (Dialect.lockFence): sent after each BEGIN. */
  readonly fence?: string | undefined;
  /** `enclosed` mode: the run's transaction, which this step's rollback ends. */
  readonly runTransaction?: RunTransaction | undefined;
}

/**
 * The statements of one step on their way to the database: queued, wrapped in transactions
 * and progress records as the step's {@link StepMode} requires, and sent in as few round trips
 * as `flush` calls allow. It holds the state those decisions share (is a transaction open, is
 * there uncommitted work since the last record, what has been sent), so the step's orchestrator
 * and the revision's `op` calls only say what happens, never how it is wrapped.
 *
 * @example
 * ```ts
 * const tx = new StepTransaction({ conn, dialect, mode: "atomic", safety, record, resumeFrom: 0 });
 * tx.enqueue({ sql: "CREATE TABLE t (id int)", role: "op", opStatementIndex: 0 });
 * await tx.flush(); // BEGIN; <settings>; CREATE TABLE t (id int)
 * ```
 */
export class StepTransaction {
  private readonly queue: ScriptStatement[] = [];
  private inTransaction = false;
  /** implicit-commits: statements were sent since the open transaction's last progress marker. */
  private dirty = false;
  private sessionOpened: boolean;
  private opStatements = 0;
  /** The open transaction's statements, replayed to locate a failure the driver did not place. */
  private transactionStatements: ScriptStatement[] = [];
  private committed = false;
  /** A transaction was open at the end of the last batch sent (what the server should still hold). */
  private sentOpen = false;
  private guard: Promise<string | undefined> | undefined;
  /** Something of the step beyond BEGIN, settings and fences was sent (or run beside the queue). */
  private work = false;
  /**
   * The first of the statements just queued that only prepare the session (Dialect.preparesSession):
   * progress is recorded up to it, not past it, until the statement they prepare has run.
   */
  private preparedFrom: number | undefined;
  /** See {@link doneUnrecorded}. */
  private unrecorded: number | undefined;
  /** The step's session ran work of its own (see {@link noteDirectWork}). */
  private direct = false;
  /** The progress record queued last, right after a statement that commits by itself. */
  private lastRecord: ScriptStatement | undefined;
  /**
   * The statements done once the folded last statement ran (see {@link foldLastRecord}), while
   * the server is past it and no COMMIT after it has been reached.
   */
  private folded: number | undefined;

  constructor(private readonly parts: StepTransactionParts) {
    // Only an atomic step's lock timeouts live in its one transaction; any other step's outlast
    // its transactions (each DDL commits them on MySQL), so they are set once for the session.
    this.sessionOpened = parts.mode === "atomic" || parts.mode === "enclosed";
  }

  /** One transaction holds the step's statements (its own, or the run's): no commit point inside. */
  private get oneTransaction(): boolean {
    return this.parts.mode === "atomic" || this.parts.mode === "enclosed";
  }

  get mode(): StepMode {
    return this.parts.mode;
  }

  /** Operation statements the database has run. */
  get opStatementsSent(): number {
    return this.opStatements;
  }

  /** A COMMIT (or, outside one transaction, any statement) has been sent: something may be durable. */
  get commitSent(): boolean {
    return this.committed;
  }

  /**
   * Statements known committed though their record is not: the record after a statement that
   * committed by itself failed, the statement before it having run (undefined: none known).
   */
  get doneUnrecorded(): number | undefined {
    if (this.folded === undefined) return this.unrecorded;
    return Math.max(this.unrecorded ?? 0, this.folded);
  }

  /**
   * The attempt recorded that it started and then ran no statement of its own: no op statement
   * completed and no work of the session's own (`op.query`, a backfill). Judged from what ran,
   * not from what was queued — a batch queues records for statements after its first, and a
   * failure of the first means none of those ran.
   */
  get onlyStartRecorded(): boolean {
    return this.parts.record.started && this.opStatements === 0 && !this.direct;
  }

  /** The open transaction's statements so far, in order. */
  get sentInTransaction(): readonly ScriptStatement[] {
    return this.transactionStatements;
  }

  /** Whether anything of the step beyond BEGIN, settings and fences reached the server. */
  get workSent(): boolean {
    return this.work;
  }

  /** The step's session runs work of its own (`op.query`, a backfill): no longer "nothing sent". */
  noteDirectWork(): void {
    this.work = true;
    this.direct = true;
  }

  /** The lock fence for transactions the step opens outside this queue (backfill batches). */
  get fenceSql(): string | undefined {
    return this.parts.fence;
  }

  /** Whether the attempt this one resumes already did op statement `index`. */
  isDone(index: number): boolean {
    return index < this.parts.resumeFrom;
  }

  /** Whether the dialect commits implicitly at `sql` (MySQL DDL); assumed when it cannot tell. */
  commitsImplicitly(sql: string): boolean {
    return this.parts.dialect.commitsImplicitly?.(sql) ?? true;
  }

  /** A non-transactional revision bounds lock waits for the session, from its first statement on. */
  openSession(): void {
    if (this.sessionOpened) return;
    this.sessionOpened = true;
    const open = this.parts.safety.open(false);
    const left = this.parts.safety.run.sessionTimeouts;
    const key = open.join(";\n");
    // the session still holds exactly these, set by the step before and untouched since: one
    // statement (and one server answer) fewer a revision on MySQL
    if (open.length > 0 && left?.set === true && left.sent === key) return;
    // a step's own timeouts replace whatever an earlier step left; a step with none finds the defaults
    this.queue.push(...this.settings(open.length > 0 ? open : this.takeLeftTimeouts()));
    if (left !== undefined && open.length > 0) {
      left.set = true;
      left.sent = key;
    }
  }

  /**
   * The step runs SQL athanor did not render (`op.execute`, `op.query`, a backfill), which may
   * change the session's lock timeouts: the next step sets its own again.
   */
  forgetSessionTimeouts(): void {
    const left = this.parts.safety.run.sessionTimeouts;
    if (left !== undefined) left.sent = undefined;
  }

  openTransaction(): void {
    if (this.inTransaction) return;
    if (this.oneTransaction) {
      const open = this.parts.safety.open(true);
      // the step's transaction-scoped timeouts override the session's; without any, it finds the defaults
      const before = open.length > 0 ? [] : this.takeLeftTimeouts();
      const begin = this.parts.mode === "atomic" ? [this.begin()] : [];
      this.queue.push(...this.settings(before), ...begin, ...this.settings(open), ...this.fence());
    } else {
      // implicit-commits: the session's lock timeouts precede the transaction (autocommit
      // steps set them at their first statement)
      if (this.parts.mode === "implicit-commits") this.openSession();
      this.queue.push(this.begin(), ...this.fence());
    }
    this.inTransaction = true;
  }

  /** Opens the transaction the version-table update and the history row commit in. */
  openFinalTransaction(): void {
    this.foldLastRecord();
    this.openTransaction();
  }

  /**
   * The revision's last statement commits by itself and its progress record is the last thing
   * queued: the record is left out, and the final transaction's history row (`ok`, with the
   * version row) is the statement's record — one commit, and on MariaDB one fsync, a revision
   * fewer (docs/performance.md, issue 21). Nothing else changes for an interruption: the record
   * window after the statement (a kill leaves it done, the history row at the record before it)
   * now closes at the final COMMIT instead of at its own record, and a resumed run repeats the
   * statement there as after any record window (`afterRecordWindow`, Dialect.appliedBefore). A
   * failure of the final transaction after the server passed the statement counts it done
   * ({@link doneUnrecorded}), as a failure of its own record did. Not folded: a statement that
   * only prepares the session (its record stops before it), work queued or sent after the
   * record, and a step with a lock fence (the lease is checked after the statement's record).
   */
  private foldLastRecord(): void {
    const record = this.lastRecord;
    this.lastRecord = undefined;
    const n = this.queue.length;
    if (record === undefined || this.parts.fence !== undefined || n < 2 || this.queue[n - 1] !== record)
      return;
    const statement = this.queue[n - 2] as ScriptStatement;
    if (statement.role !== "op" || record.doneBefore !== (statement.opStatementIndex ?? 0) + 1) return;
    this.queue.splice(n - 2, 2, { ...statement, foldedDone: record.doneBefore });
  }

  /** Queues statements as they are (markers, bookkeeping). */
  push(...statements: ScriptStatement[]): void {
    this.queue.push(...statements);
  }

  /** Commits what is queued together with the record that `done` statements are complete. */
  commitPoint(done: number, note: string, extra: readonly ScriptStatement[] = []): void {
    const { mode, record } = this.parts;
    if (mode === "enclosed") throw backfillInRunTransaction(record.step.revision, record.step.direction);
    if (mode === "autocommit" && extra.length === 0) {
      this.queue.push(record.marker(done, note));
      return;
    }
    this.openTransaction();
    this.queue.push(...extra, record.marker(done, note), this.commit());
    this.inTransaction = false;
    this.dirty = false;
  }

  /**
   * Before a statement at `index` that commits by itself: what ran before it commits first,
   * with its record when there is unrecorded work. The session's lock timeouts precede the
   * statement; a transaction is opened for nothing but the lock fence (which must find the
   * lease still held before the statement runs) — never just to hold settings, which are the
   * session's.
   */
  commitBeforeImplicitCommit(index: number): void {
    this.openSession();
    if (this.parts.fence !== undefined) this.openTransaction();
    const done = this.preparedFrom ?? index;
    if (this.dirty) this.commitPoint(done, `committed through statement #${done - 1}`);
    else if (!this.parts.record.started) {
      // Nothing of the attempt is recorded yet: without a record first, a kill right after the
      // statement would leave it applied under no record at all (status: "pending"). With it,
      // the history says the revision stopped part-way, and a resume reads what ran.
      const note =
        done === 0 ? "started: statement #0 commits by itself" : `committed through statement #${done - 1}`;
      if (this.inTransaction) this.commitPoint(done, note);
      else this.queue.push(this.parts.record.marker(done, note));
    } else this.closeTransaction();
  }

  /**
   * The progress record after statement `index`: done through it — or, while it and the
   * statements before it only prepare the session, done up to the first of them, so a resumed
   * run on a new session prepares it again.
   */
  private recordAfter(statement: ScriptStatement, index: number): ScriptStatement {
    const prepares = this.parts.dialect.preparesSession?.(statement.sql) === true;
    this.preparedFrom = prepares ? (this.preparedFrom ?? index) : undefined;
    const done = this.preparedFrom ?? index + 1;
    return this.parts.record.marker(done, `committed through statement #${done - 1}`, done);
  }

  /** Commits the open transaction, if any (it holds only settings, or work already recorded). */
  closeTransaction(): void {
    if (!this.inTransaction) return;
    this.queue.push(this.commit());
    this.inTransaction = false;
  }

  /** An `op.query` ran inside the open transaction: in implicit-commits mode it is unrecorded work. */
  queryRanInTransaction(): void {
    this.dirty = this.parts.mode === "implicit-commits";
  }

  /** Queues one operation statement, wrapped as the mode requires; skipped when already done. */
  enqueue(statement: ScriptStatement): void {
    const index = statement.opStatementIndex ?? 0;
    if (statement.operationKind === "execute") this.forgetSessionTimeouts();
    if (this.isDone(index)) return; // done by the attempt this one resumes
    const { mode } = this.parts;
    if (this.oneTransaction) {
      this.openTransaction();
      this.queue.push(statement);
    } else if (mode === "autocommit") {
      // Plain DML may run in a transaction: it commits with its record, so a kill can never
      // leave it done but unrecorded (a resumed run would apply it twice). Anything else — the
      // CONCURRENTLY index the revision is non-transactional for — autocommits, record after.
      if (isPlainDml(statement.sql))
        this.commitPoint(index + 1, `committed through statement #${index}`, [statement]);
      else {
        // Nothing of the attempt recorded yet: its history row goes first, as in implicit-commits
        // mode — a kill right after the statement left it applied under no record at all
        // (status: "pending", the re-run failing "already exists"), where now the history says
        // the revision stopped part-way and the resume finds the statement applied.
        if (!this.parts.record.started) {
          const done = this.preparedFrom ?? index;
          const note =
            done === 0
              ? "started: statement #0 commits by itself"
              : `committed through statement #${done - 1}`;
          this.queue.push(this.parts.record.marker(done, note));
        }
        const window = this.parts.resuming === true && index === this.parts.resumeFrom;
        this.queue.push(
          window ? { ...statement, afterRecordWindow: true } : statement,
          this.recordAfter(statement, index),
        );
      }
    } else if (this.commitsImplicitly(statement.sql)) {
      // The statement commits by itself: what ran before it commits first, with its record, and
      // its own record follows at once (autocommit) — or, for the revision's last statement, the
      // final transaction's history row (foldLastRecord). Between the two lies the one window in
      // which a kill leaves it done but unrecorded; the statement is DDL, so a resumed run that
      // repeats it fails on it ("already exists") instead of applying it twice.
      this.commitBeforeImplicitCommit(index);
      const window = this.parts.resuming === true && index === this.parts.resumeFrom;
      const record = this.recordAfter(statement, index);
      this.queue.push(window ? { ...statement, afterRecordWindow: true } : statement, record);
      this.lastRecord = record;
    } else {
      this.openTransaction();
      this.queue.push(statement);
      this.dirty = true;
    }
  }

  /**
   * Sends what is queued (one round trip, or one per statement when autocommitting). `onSent`:
   * called once the last batch is handed to the driver, before its reply.
   */
  async flush(onSent?: () => void): Promise<void> {
    if (this.queue.length === 0) return;
    throwIfInterrupted(this.parts.safety.run.signal);
    const { conn, log, mode } = this.parts;
    // a dialect without a transaction guard costs no await here (one per step on SQLite)
    const guard =
      this.parts.dialect.transactionGuard === undefined ? undefined : await this.transactionGuard();
    const batch = this.guarded(this.queue.splice(0), guard);
    this.noteSending(batch);
    if (mode === "autocommit") {
      this.committed = true;
      for (const [index, statement] of batch.entries()) {
        this.noteWork(batch, index);
        try {
          await executeStatements(conn, [statement], log);
        } catch (error) {
          // the resume's first statement, repeated after the interrupted run's record window
          if (statement.afterRecordWindow === true && (await this.appliedBefore(statement, 0, error)))
            continue;
          // the statement before this record ran (and autocommitted); only its record failed
          if (statement.doneBefore !== undefined && index > 0)
            this.unrecorded = Math.max(this.unrecorded ?? 0, statement.doneBefore);
          throw error;
        }
        if (statement.role === "op") this.opStatements++;
      }
      this.noteWork(batch, batch.length);
      return;
    }
    const window = batch.findIndex((s) => s.afterRecordWindow === true);
    if (window < 0) return this.send(batch, onSent);
    try {
      await this.send(batch.slice(0, window + 1));
    } catch (error) {
      if (!(await this.appliedBefore(batch[window] as ScriptStatement, window, error))) throw error;
      this.notePassed([batch[window] as ScriptStatement], 1);
    }
    await this.send(batch.slice(window + 1), onSent);
  }

  /** Sends a batch in one round trip and notes what of it ran. */
  private async send(batch: readonly ScriptStatement[], onSent?: () => void): Promise<void> {
    if (batch.length === 0) return;
    try {
      const sent = executeStatements(this.parts.conn, batch, this.parts.log);
      onSent?.();
      await sent;
    } catch (error) {
      this.noteFailedBatch(batch, error);
      throw error;
    }
    this.noteWork(batch, batch.length);
    this.notePassed(batch, batch.length);
    let commits = 0;
    for (const statement of batch) {
      if (statement.role === "op") this.opStatements++;
      else if (statement.role === "commit") commits++;
    }
    this.committed ||= !this.oneTransaction || commits > 0;
  }

  /**
   * The resumed run's first statement, which commits by itself, failed at `index` of its batch:
   * whether the interrupted run had applied it (stopped between it and its record), as the
   * dialect reads the failure. Then it counts as done — its record goes next — and the run says so.
   */
  private async appliedBefore(statement: ScriptStatement, index: number, error: unknown): Promise<boolean> {
    const { conn, dialect, safety } = this.parts;
    if (!(error instanceof ScriptFailure) || error.index !== index || dialect.appliedBefore === undefined)
      return false;
    if (!(await dialect.appliedBefore(conn, statement.sql, error.original).catch(() => false))) return false;
    this.opStatements++;
    this.work = true;
    const number = statement.opStatementIndex ?? 0;
    safety.run.warnings?.note({
      code: "ATHANOR_RESUME_FOUND_APPLIED",
      message: `statement #${number} (${statement.sql.slice(0, 120)}) was already applied: the interrupted run stopped between it and its progress record, so the resume counted it done instead of running it again (${(error.original as Error)?.message ?? String(error.original)})`,
    });
    return true;
  }

  /**
   * A batch of a whole atomic step — `BEGIN` to `COMMIT` — that the step's short path sent
   * itself and that failed (online-step.ts, `applyStepLean`): this transaction now knows what
   * {@link flush} would know had it sent the batch, so the failure is handled as the full path's.
   */
  adoptFailedBatch(batch: ScriptStatement[], error: unknown): void {
    this.inTransaction = true;
    this.noteSending(batch);
    this.noteFailedBatch(batch, error);
  }

  /** The batch is on its way: the open transaction's statements, for locating a failure. */
  private noteSending(batch: ScriptStatement[]): void {
    const opened = batch.findLastIndex((s) => s.role === "begin");
    this.transactionStatements = opened < 0 ? [...this.transactionStatements, ...batch] : batch.slice(opened);
  }

  /** What of the batch reached the server: its first `reached` statements. */
  private noteWork(batch: readonly ScriptStatement[], reached: number): void {
    for (let i = 0; i < reached && !this.work; i++)
      this.work = !OVERHEAD.has((batch[i] as ScriptStatement).role);
  }

  /**
   * A batch stops at its failing statement: a COMMIT after it never ran. Where the driver
   * cannot say which failed (a lost connection), a COMMIT anywhere in it may have.
   */
  private noteFailedBatch(batch: readonly ScriptStatement[], error: unknown): void {
    // A batch refused before sending (a statement too large for one round trip) reached nothing.
    const nothingSent = error instanceof ScriptFailure && error.nothingSent;
    const failedAt = nothingSent ? 0 : error instanceof ScriptFailure ? error.index : undefined;
    const reached = nothingSent ? 0 : failedAt === undefined ? batch.length : failedAt + 1;
    this.noteWork(batch, failedAt ?? batch.length);
    this.committed ||= !this.oneTransaction || batch.slice(0, reached).some((s) => s.role === "commit");
    if (failedAt !== undefined) {
      this.opStatements += batch.slice(0, failedAt).filter((s) => s.role === "op").length;
      this.notePassed(batch, failedAt);
    }
    // its statement ran and committed by itself; only the record after it failed
    const failed = failedAt === undefined ? undefined : batch[failedAt];
    if (failed?.doneBefore !== undefined && failedAt !== undefined && failedAt > 0)
      this.unrecorded = Math.max(this.unrecorded ?? 0, failed.doneBefore);
  }

  /**
   * The server ran the batch's first `reached` statements: a folded last statement among them is
   * done ({@link doneUnrecorded}) until a COMMIT after it records it.
   */
  private notePassed(batch: readonly ScriptStatement[], reached: number): void {
    for (let i = 0; i < reached; i++) {
      const statement = batch[i] as ScriptStatement;
      if (statement.foldedDone !== undefined) this.folded = statement.foldedDone;
      else if (statement.role === "commit") this.folded = undefined;
    }
  }

  /**
   * Puts the dialect's batch-clock statements first in what is queued: the rest of the step
   * then goes in one round trip with a history row that reads the server's time since.
   */
  startBatchClock(start: readonly string[]): void {
    this.queue.unshift(...this.settings(start));
  }

  /**
   * Queues the history row, the COMMIT and the reset of the step's transaction-scoped settings,
   * and sends them. Session-scoped timeouts stay for the run to reset once (RunSafety.sessionTimeouts).
   */
  async commitStep(history: ScriptStatement, onSent?: () => void): Promise<void> {
    const runResets = !this.oneTransaction && this.parts.safety.run.sessionTimeouts !== undefined;
    // enclosed: the history row waits for the run's COMMIT with the rest
    const commit = this.parts.mode === "enclosed" ? [] : [this.commit()];
    this.queue.push(history, ...commit, ...this.settings(runResets ? [] : this.closeSettings()));
    await this.flush(onSent);
    this.inTransaction = false;
  }

  /** After a failure: rolls back an open transaction and resets the session's settings. */
  async abandon(): Promise<void> {
    const { conn, dialect, runTransaction } = this.parts;
    // enclosed: the run's transaction ends with the step (and the session can read the record again)
    if (runTransaction?.open === true) {
      this.parts.log?.(dialect.rollbackTransaction);
      runTransaction.open = false;
      await conn.executeScript([dialect.rollbackTransaction]).catch(() => undefined);
    } else if (this.inTransaction && this.parts.mode !== "enclosed")
      await conn.executeScript([dialect.rollbackTransaction]).catch(() => undefined);
    const reset =
      this.parts.safety.run.sessionTimeouts === undefined ? this.closeSettings() : this.takeLeftTimeouts();
    if (reset.length > 0) await conn.executeScript(reset).catch(() => undefined);
  }

  /** The statements undoing the step's lock timeouts: session-scoped unless the step is atomic. */
  private closeSettings(): string[] {
    return this.parts.safety.close(this.oneTransaction);
  }

  /** The reset of timeouts an earlier step (or this one) left on the session, if any; then none are left. */
  private takeLeftTimeouts(): string[] {
    const left = this.parts.safety.run.sessionTimeouts;
    if (left?.set !== true) return [];
    left.set = false;
    left.sent = undefined;
    return this.parts.safety.resetSession();
  }

  /** The dialect's transaction guard for this step's session, asked once. */
  private transactionGuard(): Promise<string | undefined> {
    const { conn, dialect } = this.parts;
    this.guard ??= dialect.transactionGuard?.(conn) ?? Promise.resolve(undefined);
    return this.guard;
  }

  /**
   * The batch with `guard` before each statement that must find the transaction still open:
   * everything after a BEGIN up to and including its COMMIT, or up to a statement that commits
   * implicitly (after which no transaction is open, legitimately).
   */
  private guarded(batch: ScriptStatement[], guard: string | undefined): ScriptStatement[] {
    if (guard === undefined) return batch;
    const out: ScriptStatement[] = [];
    for (const statement of batch) {
      if (this.sentOpen && statement.role !== "begin" && statement.role !== "setting")
        out.push({ sql: guard, role: "guard" });
      out.push(statement);
      if (statement.role === "begin") this.sentOpen = true;
      else if (statement.role === "commit") this.sentOpen = false;
      else if (
        statement.role === "op" &&
        this.parts.mode !== "atomic" &&
        this.commitsImplicitly(statement.sql)
      )
        this.sentOpen = false;
    }
    return out;
  }

  private begin(): ScriptStatement {
    return { sql: this.parts.dialect.beginTransaction, role: "begin" };
  }

  /** The lock fence, when the lock needs one: renews the lease, fails when it was lost. */
  private fence(): ScriptStatement[] {
    const { fence } = this.parts;
    return fence === undefined ? [] : [{ sql: fence, role: "fence" }];
  }

  private commit(): ScriptStatement {
    return { sql: this.parts.dialect.commitTransaction, role: "commit" };
  }

  private settings(sqls: readonly string[]): ScriptStatement[] {
    return sqls.map((sql) => ({ sql, role: "setting" as const }));
  }
}

// Statements that carry nothing of the step itself.
const OVERHEAD: ReadonlySet<string> = new Set(["begin", "setting", "fence", "guard", "commit"]);

function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted !== true) return;
  throw new AthanorError(
    "ATHANOR_INTERRUPTED",
    `stopped by ${String(signal.reason ?? "a signal")} before its next statement`,
    { signal: String(signal.reason ?? "") },
  );
}
