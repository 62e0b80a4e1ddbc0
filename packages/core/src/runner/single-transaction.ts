import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { AthanorError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import type { Direction, PlanStep } from "../plan/plan.js";
import { nextStep } from "../text/next-step.js";
import { runOfflineRevision } from "./offline-revision.js";
import type { PreparedRun } from "./prepare-run.js";
import {
  endRunTransaction,
  type RunTransaction,
  type RunTransactionOutcome,
  refused,
  singleTransactionHint,
} from "./run-transaction.js";
import type { RunResult, StepError, StepResult } from "./runner-result.js";
import { safeProgress } from "./session.js";

/**
 * Refuses a single-transaction run on a dialect whose DDL commits by itself (MySQL, MariaDB) or
 * whose every statement does (Cloudflare D1): the run could not roll back as one. Nothing is sent.
 */
export function refuseSingleTransactionDialect(dialect: Dialect): void {
  if (dialect.capabilities.transactionalDdl) return;
  throw new AthanorError(
    "ATHANOR_SINGLE_TRANSACTION_UNSUPPORTED",
    `A single-transaction run needs DDL that rolls back, and on ${dialect.serverLabel ?? dialect.name} ${dialect.commitsImplicitly?.("SELECT 1") === true ? "every statement commits by itself" : "each DDL statement commits by itself (an implicit COMMIT)"}: a failure part-way could not undo the revisions before it. Nothing was run.`,
    { dialect: dialect.name, hint: singleTransactionHint() },
  );
}

/**
 * Refuses, before anything runs, a plan with a step that cannot run inside one transaction: a
 * `transactional: false` revision, a concurrent index build (`concurrently: true`, or
 * `CONCURRENTLY` / `VACUUM` in `op.execute`), `op.backfill` (it commits batch by batch), or
 * `addEnumValue` before another revision of the run (the value is unusable until it commits).
 * Each revision's function runs offline into a recorder (as `--sql` and lint run it); one that
 * asks the database (`op.query`) is judged up to that call, and the run itself refuses a backfill
 * it meets later ({@link backfillInRunTransaction}), rolling everything back.
 */
export async function refuseSingleTransactionPlan(
  run: PreparedRun,
  steps: readonly PlanStep[],
): Promise<void> {
  for (const [index, step] of steps.entries()) {
    if (run.graph.get(step.revision)?.transactional === false)
      throw refused(step.revision, step.direction, "transactional: false", undefined);
    const last = index === steps.length - 1;
    const found = await findCommitNeed(run, step.revision, step.direction, last);
    if (found !== undefined) throw refused(step.revision, step.direction, found.reason, found.operationIndex);
  }
}

/** `--resume` continues a partial run, whose statements committed part-way: not one transaction. */
export function refuseSingleTransactionResume(): AthanorError {
  return new AthanorError(
    "ATHANOR_SINGLE_TRANSACTION_REFUSED",
    `Resuming (${nextStep({ kind: "resume-option" })}) continues a revision that an earlier run left part-way, whose statements committed one by one; it cannot run inside a single transaction. Nothing was run.`,
    { reason: "resume", hint: singleTransactionHint() },
  );
}

interface CommitNeed {
  readonly reason: string;
  readonly operationIndex?: number | undefined;
}

class AskedTheDatabase extends Error {}

async function findCommitNeed(
  run: PreparedRun,
  revision: string,
  direction: Direction,
  last: boolean,
): Promise<CommitNeed | undefined> {
  let found: CommitNeed | undefined;
  let index = 0;
  try {
    await runOfflineRevision(run, revision, direction, {
      emit(op) {
        found ??= needsOwnCommit(op, index, last);
        index++;
      },
      async query() {
        throw new AskedTheDatabase();
      },
      async backfill() {
        found ??= { reason: "op.backfill (it commits batch by batch)", operationIndex: index };
        index++;
        return undefined;
      },
      lockRetry() {},
    });
  } catch {
    // op.query, or the function threw: judged up to there; the online run reports its own error
  }
  return found;
}

function needsOwnCommit(op: Operation, index: number, last: boolean): CommitNeed | undefined {
  // PostgreSQL: a new enum value is unusable until the transaction that added it commits, and the
  // revisions after it in the run would share that transaction
  if (op.kind === "addEnumValue" && !last)
    return { reason: "addEnumValue (a new enum value is unusable until it commits)", operationIndex: index };
  if ((op.kind === "createIndex" || op.kind === "dropIndex") && op.concurrently === true)
    return { reason: `${op.kind} with concurrently: true`, operationIndex: index };
  if (op.kind === "execute" && OUTSIDE_TRANSACTION.test(op.sql))
    return { reason: "op.execute of a statement that cannot run in a transaction", operationIndex: index };
  if (op.kind === "execute" && controlsTransaction(op.sql))
    return {
      reason: "op.execute of a statement that ends or opens a transaction (it would commit the run part-way)",
      operationIndex: index,
    };
  return undefined;
}

// PostgreSQL refuses these inside a transaction block (CREATE/DROP/REINDEX … CONCURRENTLY, VACUUM)
const OUTSIDE_TRANSACTION = /\bCONCURRENTLY\b|^\s*VACUUM\b/i;
// A statement that ends the run's transaction (or opens one inside it) where it stands: the revisions
// before it would commit and those after run outside the transaction. Read at the script's start
// and after each `;`, with quoted strings, dollar-quoted bodies and comments left out: BEGIN … END and COMMIT
// also stand inside function, procedure and trigger bodies, which are harmless. What still hides
// shows after the run: it reads the version table back.
const CONTROL_FIRST =
  /^\s*(?:COMMIT|END|ABORT|BEGIN|START\s+TRANSACTION|PREPARE\s+TRANSACTION|ROLLBACK(?!\s+(?:WORK\s+|TRANSACTION\s+)?TO\b))\b/i;
const CONTROL_LATER =
  /;\s*(?:COMMIT|ABORT|ROLLBACK|BEGIN|START\s+TRANSACTION)(?:\s+(?:WORK|TRANSACTION|IMMEDIATE|EXCLUSIVE|DEFERRED))?\s*(?:;|$)/i;

function controlsTransaction(sql: string): boolean {
  const bare = sql
    .replace(/\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g, "''")
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ");
  return CONTROL_FIRST.test(bare) || CONTROL_LATER.test(bare);
}

/** Opens the run's one transaction, before the bookkeeping tables are made and the first step runs. */
export async function openRunTransaction(
  conn: Connection,
  dialect: Dialect,
  log: ((sql: string) => void) | undefined,
): Promise<RunTransaction> {
  log?.(dialect.beginTransaction);
  await conn.executeScript([dialect.beginTransaction]);
  return { open: true };
}

/** What the run's loop leaves for {@link endSingleTransactionRun}. */
export interface SingleTransactionRunEnd {
  readonly results: readonly StepResult[];
  readonly failed: boolean;
  readonly interruptedBefore: string | undefined;
  readonly before: readonly string[];
  /** The heads the steps that ran imply. */
  readonly expected: readonly string[];
  readonly direction: Direction;
  /** The run's options this end reads (MigrateOptions'). */
  readonly extra: {
    readonly signal?: AbortSignal | undefined;
    readonly onStatement?: ((sql: string) => void) | undefined;
  };
  readonly base: Omit<RunResult, "results" | "heads" | "error" | "singleTransaction">;
}

/**
 * Ends a single-transaction run: COMMIT when every step ran and no interrupt came, else
 * ROLLBACK; then the version table is read back, and only what it shows is reported — the
 * steps that ran are `rolled_back` once it shows the heads before the run, and the error says
 * the outcome (`meta.singleTransaction`).
 */
export async function endSingleTransactionRun(
  conn: Connection,
  run: PreparedRun,
  tx: RunTransaction,
  end: SingleTransactionRunEnd,
): Promise<RunResult> {
  const { extra, results, before } = end;
  const interrupted = extra.signal?.aborted === true;
  const ended = await endRunTransaction({
    conn,
    dialect: run.options.dialect,
    sql: run.sql,
    tx,
    commit: !end.failed && !interrupted,
    before,
    expected: end.expected,
    log: extra.onStatement,
  });
  const ran = results.filter((r) => r.status === "applied").length;
  safeProgress(run.options, {
    type: "run-transaction",
    outcome: ended.outcome,
    revisions: ran,
    ...(ended.heads === undefined ? {} : { heads: ended.heads }),
  });
  const after = ended.heads ?? [...before];
  const finalResults =
    ended.outcome === "rolled-back"
      ? results.map((r) => (r.status === "applied" ? { ...r, status: "rolled_back" as const } : r))
      : results;
  const cause =
    results.find((r) => r.error !== undefined)?.error ??
    (end.failed || interrupted
      ? interruptedRun(end.interruptedBefore, end.direction, extra.signal)
      : ended.commitError === undefined
        ? undefined
        : commitFailed(ended.commitError));
  return {
    ...end.base,
    results: finalResults,
    heads: { before, after },
    singleTransaction: { outcome: ended.outcome },
    ...(cause === undefined && ended.outcome === "committed"
      ? {}
      : { error: withOutcome(cause, ended.outcome, ended.heads, end) }),
  };
}

function interruptedRun(
  next: string | undefined,
  direction: Direction,
  signal: AbortSignal | undefined,
): StepError {
  const by = String(signal?.reason ?? "a signal");
  return {
    code: "ATHANOR_INTERRUPTED",
    message: `The ${direction} was interrupted by ${by} ${next === undefined ? "before its COMMIT" : `before revision ${next}`}.`,
    meta: {
      signal: String(signal?.reason ?? ""),
      direction,
      ...(next === undefined ? {} : { revision: next }),
    },
  };
}

function commitFailed(error: unknown): StepError {
  return {
    code: "ATHANOR_MIGRATION_FAILED",
    message: `The run's COMMIT failed: ${(error as Error)?.message ?? String(error)}.`,
    meta: { statement: "COMMIT" },
  };
}

/** The run's error with what its one transaction left, as read back. */
function withOutcome(
  cause: StepError | undefined,
  outcome: RunTransactionOutcome,
  /** The version table's heads as read back; undefined when it could not be read. */
  heads: readonly string[] | undefined,
  end: Pick<SingleTransactionRunEnd, "before" | "expected" | "direction">,
): StepError {
  const at = (ids: readonly string[]) => (ids.length === 0 ? "<base>" : ids.join(", "));
  const check = `check with \`${nextStep({ kind: "current" })}\` before running \`${nextStep({ kind: "run", direction: end.direction })}\` again`;
  const said =
    heads === undefined
      ? `The run was one transaction, and whether it committed could not be verified (the version table could not be read back); ${check}.`
      : outcome === "rolled-back"
        ? `The run was one transaction and it was rolled back: no revision of it stays applied (the version table, read back, is at ${at(heads)}, as before the run).`
        : outcome === "committed"
          ? `The run's one transaction committed: the version table, read back, is at ${at(heads)}.`
          : // read back, yet neither as before nor where the run leads: something in a revision committed part of it
            `The run was meant to be one transaction, but the version table, read back, is at ${at(heads)}: neither where the run started (${at(end.before)}) nor where its revisions lead (${at(end.expected)}). A statement of a revision ended the run's transaction early (a COMMIT or ROLLBACK sent by op.execute or op.query): what ran before it stays committed, and what ran after it ran outside any transaction; ${check}.`;
  const base = cause ?? { code: "ATHANOR_MIGRATION_FAILED" as const, message: "", meta: {} };
  return {
    ...base,
    message: base.message === "" ? said : `${base.message}\n${said}`,
    meta: { ...base.meta, singleTransaction: outcome, readBack: heads === undefined ? null : [...heads] },
  };
}
