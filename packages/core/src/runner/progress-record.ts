import type { Connection } from "../dialect/connection.js";
import type { PlanStep } from "../plan/plan.js";
import type { BookkeepingSql, HistoryRowInput, HistoryStatus, RunIdentity } from "./bookkeeping-sql.js";
import { MARKER_RECORD_BUDGET, StatementPrints } from "./statement-prints.js";
import type { ScriptStatement } from "./step-script.js";
import { timeTemplate } from "./time-template.js";

/**
 * The history row of one attempt at one revision, kept durable at every commit point. Whenever
 * the runner commits some of a revision's statements before its end (before a backfill, after a
 * MySQL DDL statement, after each statement of a `transactional: false` revision), the
 * statement from {@link marker} goes into the same transaction: the row says `partial` and how
 * many statements are done. The first marker inserts the row, later ones update it, and the
 * revision's final transaction turns it into `ok` — so a kill -9 or a cut connection at any
 * moment leaves an exact record, and a run without commit points writes just its `ok` row.
 *
 * @example
 * ```ts
 * const record = new ProgressRecord(sql, step, { runId, who, checksum, startedAt });
 * script.push(record.marker(2, "before backfill of big"));
 * ```
 */
export class ProgressRecord {
  /** A marker was queued: later statements update the row instead of inserting one. */
  private inserted = false;
  private startedAt: Date;
  /**
   * A step prepared ahead of its turn (steps-ahead.ts): its markers are queued before the turn
   * that gives their times. Their SQL is written then, split where the times go (timeTemplate),
   * and joined with the turn's time by {@link settle}; until then a marker's text is empty (a
   * statement the server refuses), never a record with the wrong times.
   */
  private unsettled:
    | { readonly statement: { sql: string }; readonly build: (at: Date) => string }[]
    | undefined;

  /** Whether this attempt's history row is queued (a marker went out): later records update it. */
  get started(): boolean {
    return this.inserted;
  }
  /** The attempt's statements as rendered, by index: what a partial row records as done. */
  readonly prints = new StatementPrints();

  constructor(
    private readonly sql: BookkeepingSql,
    readonly step: PlanStep,
    private readonly attempt: {
      readonly runId: string;
      readonly who: RunIdentity;
      readonly checksum: string;
      readonly startedAt: Date;
    },
    /** The attempt is prepared ahead of its turn: markers wait for {@link settle}. */
    ahead = false,
  ) {
    this.startedAt = attempt.startedAt;
    if (ahead) this.unsettled = [];
  }

  /** Statement `index` of the revision, as rendered (a backfill or `op.query`: its print). */
  print(index: number, text: string): void {
    this.prints.add(index, text);
  }

  /**
   * The record of the first `done` statements, undefined when the attempt stopped before
   * rendering them all (a row without one is resumed only by the athanor version that wrote it).
   */
  private fingerprint(done: number | undefined, budget?: number): string | undefined {
    return done === undefined ? undefined : this.prints.recorded(done, budget);
  }

  /** `at`: the attempt's start and the row's time both (a marker of a step prepared ahead). */
  private row(status: HistoryStatus, extra: Partial<HistoryRowInput>, at?: Date): HistoryRowInput {
    return {
      runId: this.attempt.runId,
      revision: this.step.revision,
      direction: this.step.direction,
      checksum: this.attempt.checksum,
      who: this.attempt.who,
      startedAt: at ?? this.startedAt,
      finishedAt: at ?? new Date(),
      status,
      ...extra,
    };
  }

  /**
   * Records that `done` statements are committed; goes in the transaction that commits them.
   * `doneBefore`: see ScriptStatement.doneBefore.
   */
  marker(done: number, note: string, doneBefore?: number): ScriptStatement {
    const fingerprint = this.fingerprint(done, MARKER_RECORD_BUDGET);
    const update = this.inserted;
    this.inserted = true;
    const build = (at?: Date) => {
      const row = this.row("partial", { statementIndex: done, note, statementsFingerprint: fingerprint }, at);
      return update ? this.sql.updateAttempt(row) : this.sql.historyRow(row);
    };
    const statement = { sql: this.unsettled === undefined ? build() : "", role: "progress" as const };
    this.unsettled?.push({
      statement,
      build: timeTemplate(build, (at) => this.sql.hooks.timestampLiteral(at)),
    });
    return doneBefore === undefined ? statement : Object.assign(statement, { doneBefore });
  }

  /**
   * The prepared attempt's turn came at `startedAt`: the markers queued ahead get their text, the
   * attempt's start and each marker's time being the turn's. From now on markers are built at once.
   */
  settle(startedAt: Date): void {
    this.startedAt = startedAt;
    for (const { statement, build } of this.unsettled ?? []) statement.sql = build(startedAt);
    this.unsettled = undefined;
  }

  /**
   * The `ok` row, in the transaction that updates the version table. `plusBatchClock`: it goes
   * in the same round trip as the statements it times, so the server adds their time.
   */
  finish(durationMs: number, note: string | undefined, plusBatchClock = false): ScriptStatement {
    const row = this.row("ok", { durationMs, note, plusBatchClock });
    return { sql: this.inserted ? this.sql.updateAttempt(row) : this.sql.historyRow(row), role: "history" };
  }

  /**
   * After a failure and its rollback: how many statements this attempt's record says are
   * committed (undefined = no record), or `unknown` when the database cannot be read.
   */
  async read(conn: Connection): Promise<number | undefined | "unknown"> {
    try {
      const rows = (
        await conn.query<{ statement_index: unknown }>(this.sql.selectAttempt(this.row("partial", {})))
      ).rows;
      const value = rows[0]?.statement_index;
      return value == null ? undefined : Number(value);
    } catch {
      return "unknown";
    }
  }

  /** The row written when an attempt ends with an error: the record updated, or a new row. */
  async fail(
    conn: Connection,
    outcome: { readonly status: HistoryStatus; readonly statementIndex: number | undefined },
    committedRecord: boolean,
    durationMs: number,
    note: string,
  ): Promise<void> {
    const row = this.row(outcome.status, {
      statementIndex: outcome.statementIndex,
      durationMs,
      note,
      ...(outcome.status === "partial"
        ? { statementsFingerprint: this.fingerprint(outcome.statementIndex) }
        : {}),
    });
    await conn
      .query(committedRecord ? this.sql.updateAttempt(row) : this.sql.historyRow(row))
      .catch(() => undefined);
  }
}
