import type { BackfillSummary } from "../backfill/backfill-progress.js";
import { tableLabel } from "../backfill/backfill-spec.js";
import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { AthanorError } from "../errors.js";
import type { OpSink } from "../ops/op.js";
import type { Operation } from "../ops/operation.js";
import type { PlanStep } from "../plan/plan.js";
import { backfillStartNote } from "./backfill-under-way.js";
import type { ProgressRecord } from "./progress-record.js";
import { backfillPrint, queryPrint, reflectedPrint } from "./statement-prints.js";
import { backfillId, type StepSafety } from "./step-safety.js";
import { renderReflecting, StepScript } from "./step-script.js";
import type { StepTransaction } from "./step-transaction.js";

/** What the `op` calls of one online step act on. */
export interface OnlineOpSinkParts {
  readonly conn: Connection;
  readonly dialect: Dialect;
  readonly step: PlanStep;
  readonly tx: StepTransaction;
  readonly safety: StepSafety;
  readonly record: ProgressRecord;
  /** This attempt resumes one that stopped at `resumeFrom`. */
  readonly resuming: boolean;
  readonly resumeFrom: number;
  readonly log?: ((sql: string) => void) | undefined;
}

/** The online `op` sink, and the check that the revision awaited its backfills. */
export interface OnlineOpSink extends Omit<OpSink, "dialect"> {
  /** Throws when the revision returned while an `op.backfill` was still running (after it settles). */
  refuseUnawaitedBackfill(): Promise<void>;
  /** Renders and queues the operations still waiting for a reflection of the schema (Dialect.reflect). */
  renderPending(): Promise<void>;
  /** Whether a backfill is still running or operations still wait: the two calls above have work. */
  hasUnfinishedWork(): boolean;
}

/**
 * What a revision's `op` calls do online: operations are rendered and queued on the step's
 * transaction, `op.query` sends what is queued and runs its query, `op.backfill` commits what
 * came before and runs batches outside any transaction. Statement indexes are shared with
 * offline rendering, so a resumed attempt skips exactly what its progress record says is done.
 * An operation that needs the table's prior definition (Dialect.needsPriorDefinition), or may be
 * rendered with the ones after it (Dialect.batchKey), waits, with every operation after it, until
 * the next `op.query`/`op.backfill` or the revision's end: what is queued is sent, the schema is
 * reflected where needed, and the waiting operations are rendered in order, a consecutive run
 * sharing a batch key as one unit (Dialect.renderBatch). A revision that needs no prior
 * definition reads nothing.
 *
 * @example
 * ```ts
 * const sink = onlineOpSink({ conn, dialect, step, tx, safety, record, resuming: false, resumeFrom: 0 });
 * await runRevisionFunction(definition, step.direction, sink, dialect.name);
 * await sink.refuseUnawaitedBackfill();
 * await sink.renderPending();
 * ```
 */
export function onlineOpSink(parts: OnlineOpSinkParts): OnlineOpSink {
  const { conn, step, tx, safety, record, resumeFrom } = parts;
  const script = new StepScript(parts.dialect);
  /** Operations emitted since one that must wait for a reflection, in order. */
  const waiting: Operation[] = [];
  let pendingBackfills = 0;
  let lastBackfill: Promise<unknown> = Promise.resolve();

  const { dialect } = parts;
  const render = (ops: readonly Operation[], reflected = false): void => {
    const from = script.statements.length;
    script.addBatch(ops);
    for (const [k, statement] of script.statements.slice(from).entries()) {
      record.print(statement.opStatementIndex ?? 0, reflected ? reflectedPrint(ops, k) : statement.sql);
      tx.enqueue(statement);
    }
  };
  const renderPending = (): Promise<void> =>
    renderReflecting(
      script,
      waiting,
      async () => {
        // the reflection must see what the operations before these did
        await tx.flush();
        return dialect.reflect?.(conn);
      },
      render,
    );

  const runBackfill = async (
    spec: Parameters<StepSafety["backfill"]>[1],
  ): Promise<BackfillSummary | undefined> => {
    await renderPending();
    const index = script.reserve();
    record.print(index, backfillPrint(index, spec));
    if (tx.isDone(index)) return undefined; // finished by the attempt this one resumes
    tx.openSession();
    tx.forgetSessionTimeouts();
    safety.markStarted();
    const resumedHere = parts.resuming && index === resumeFrom;
    const state = safety.backfillState;
    const id = backfillId(index, spec);
    if (resumedHere) {
      // only settings can be queued: close the transaction they opened
      tx.closeTransaction();
    } else {
      // A backfill must not run inside one long revision transaction: what came before commits
      // here, with the record of it and without any cursor an earlier attempt left behind.
      const exists = (await conn.query(state.exists())).rows.length > 0;
      const stale = exists
        ? [{ sql: state.discard(step.revision, step.direction), role: "progress" as const }]
        : [];
      tx.commitPoint(
        index,
        backfillStartNote({ statementIndex: index, table: tableLabel(spec.table), cursor: id }),
        stale,
      );
    }
    await tx.flush();
    tx.noteDirectWork();
    return safety.backfill(conn, spec, {
      statementIndex: index,
      resumed: resumedHere,
      fence: tx.fenceSql,
      complete: () => [record.marker(index + 1, `committed through statement #${index} (backfill)`).sql],
    });
  };

  return {
    emit(op) {
      tx.openSession();
      safety.checkOperation(op);
      // a batchable operation waits for the ones after it that may join its batch
      if (waiting.length > 0 || script.needsReflection(op) || dialect.batchKey?.(op) !== undefined)
        waiting.push(op);
      else render([op]);
    },
    async query(sql, params) {
      tx.openSession();
      tx.forgetSessionTimeouts();
      safety.markStarted();
      await renderPending();
      const index = script.reserve();
      record.print(index, queryPrint(sql));
      if (tx.isDone(index)) throw queryBeforeResumePoint(step, index, resumeFrom);
      const implicit = tx.mode === "implicit-commits" && tx.commitsImplicitly(sql);
      if (implicit) tx.commitBeforeImplicitCommit(index);
      else if (tx.mode !== "autocommit") tx.openTransaction();
      await tx.flush();
      parts.log?.(sql);
      tx.noteDirectWork();
      const rows = (await conn.query(sql, params)).rows;
      if (tx.mode === "autocommit" || implicit)
        tx.push(record.marker(index + 1, `committed through statement #${index} (op.query)`));
      else tx.queryRanInTransaction();
      return rows as never;
    },
    backfill(spec) {
      const run = (async () => {
        pendingBackfills++;
        try {
          return await runBackfill(spec);
        } finally {
          pendingBackfills--;
        }
      })();
      lastBackfill = run.catch(() => undefined);
      return run;
    },
    lockRetry: (options) => safety.override(options),
    renderPending,
    hasUnfinishedWork: () => pendingBackfills > 0 || waiting.length > 0,
    async refuseUnawaitedBackfill() {
      if (pendingBackfills === 0) return;
      await lastBackfill;
      throw new AthanorError(
        "ATHANOR_MIGRATION_FAILED",
        `Revision ${step.revision} did not await op.backfill(); write \`await op.backfill(...)\` so the revision ends after the backfill.`,
        { revision: step.revision },
      );
    },
  };
}

function queryBeforeResumePoint(step: PlanStep, index: number, resumeFrom: number): AthanorError {
  return new AthanorError(
    "ATHANOR_RESUME_REFUSED",
    `Revision ${step.revision} calls op.query() as statement #${index}, before statement #${resumeFrom} where the earlier run stopped: ` +
      "a resumed run cannot skip it (its result steers the revision) and must not repeat it. Nothing was run by this attempt.",
    { revision: step.revision, statementIndex: index, resumeFrom },
  );
}
