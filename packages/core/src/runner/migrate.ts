import type { Connection } from "../dialect/connection.js";
import { AthanorError } from "../errors.js";
import { type Direction, type PlanStep, plan } from "../plan/plan.js";
import type { Phase } from "../revision/revision.js";
import { nextStep } from "../text/next-step.js";
import { downgradeResumeTarget } from "./downgrade-resume-target.js";
import { readInvalidIndexes } from "./invalid-indexes.js";
import { resolveLockRetry } from "./lock-retry.js";
import { ensureFingerprintColumn } from "./partial-record.js";
import { partialStory } from "./partial-story.js";
import { ensureTables, type PreparedRun, prepareRun, readCheckedState } from "./prepare-run.js";
import { refusePlanPlaceholders } from "./refuse-placeholders.js";
import { currentIdentity, newRunId } from "./run-identity.js";
import type { RunState } from "./run-state.js";
import type { RunnerOptions } from "./runner-options.js";
import type { RunnerEvent, RunResult } from "./runner-result.js";
import { safeProgress, withSession } from "./session.js";
import type { StepsAhead } from "./steps-ahead.js";
import { findPartialRun, partialRevisionError } from "./verify-state.js";

/** Extra knobs of {@link upgrade} and {@link downgrade}, mostly for tools and tests. */
export interface MigrateOptions {
  /** Receives every statement sent to the database (reads excluded), in order. */
  readonly onStatement?: ((sql: string) => void) | undefined;
  /**
   * Upgrade only: the last phase to run, as `plan` reads it (`expand` < `migrate` < `contract`):
   * `"migrate"` runs expand and migrate work while contract revisions, and everything that
   * builds on them, wait. The run reports what waited in `heldBack`.
   */
  readonly phase?: Phase | undefined;
  /**
   * Called with the plan, under the lock and before anything is applied (after the check for
   * unfilled `TODO(athanor)` placeholders); throw to refuse the run. The CLI lints the planned
   * upgrade here, so it refuses exactly what `status` calls not ready.
   */
  readonly vetPlan?:
    | ((plan: { readonly steps: readonly PlanStep[]; readonly heads: readonly string[] }) => Promise<void>)
    | undefined;
  /**
   * Continue a revision whose earlier run stopped part-way (`athanor upgrade --resume`): its
   * statements recorded as done are skipped, a backfill continues from its saved cursor, and the
   * run goes on to `target`. Without a partial run it is an ordinary run. A downgrade resumed
   * without a target finishes the partial revision only.
   */
  readonly resume?: boolean | undefined;
  /**
   * Stops the run at the next safe point once aborted (the CLI aborts it on Ctrl-C / SIGTERM):
   * between statements or backfill batches, the open transaction rolled back, the attempt
   * recorded; the result's error is ATHANOR_INTERRUPTED. `signal.reason` names the signal.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * Called with the version table and history as read under the lock, once the pre-flight checks
   * passed (known heads, checksums, partial runs), before planning. The CLI records it after a
   * no-op on PGlite, so the next no-op can be answered without starting PGlite.
   */
  readonly onVerifiedState?: ((state: RunState) => void) | undefined;
  /**
   * Lets every `op.requireNoDependents` check of the run pass (`--allow-broken-dependents`): the
   * views, triggers and routines it would have named are left to break. Sent as the dialect's
   * `allowBrokenDependents` statement on the run's session before the first step.
   */
  readonly allowBrokenDependents?: boolean | undefined;
  /**
   * Runs the whole plan in one transaction (Alembic's `transaction_per_migration = False`): every
   * revision's statements, version rows and history rows inside one BEGIN … COMMIT, so a failure
   * or an interrupt anywhere leaves nothing of the run applied. Refused (nothing run) on a dialect
   * whose DDL commits by itself (ATHANOR_SINGLE_TRANSACTION_UNSUPPORTED: MySQL, MariaDB, D1) and
   * for a plan with a step that must commit on its own (ATHANOR_SINGLE_TRANSACTION_REFUSED:
   * `transactional: false`, a concurrent index, `op.backfill`). Lock-timeout retries are off: a
   * retry would need the steps the failure rolled back. Default false: one transaction per revision.
   */
  readonly singleTransaction?: boolean | undefined;
}

/**
 * Applies revisions up to `target` (default `heads`): takes the lock, reads the version table,
 * verifies checksums, plans, then applies one revision per transaction. Throws a coded
 * AthanorError only for problems found before anything runs; a failing revision is reported in
 * the result (status `failed`, later ones `not_run`).
 *
 * @example
 * ```ts
 * import * as versions from "./migrations/index.js";
 * const run = await upgrade({ dialect, revisions: Object.values(versions) }, "heads");
 * if (run.error) throw new Error(run.error.message);
 * ```
 */
export function upgrade(
  options: RunnerOptions | PreparedRun,
  target = "heads",
  extra: MigrateOptions = {},
): Promise<RunResult> {
  return migrate(options, "upgrade", target, extra);
}

/**
 * Reverts revisions down to `target` (`base`, `-1`, a revision id: that revision stays applied).
 * An array of exact ids keeps all of them (and their ancestors) applied and reverts every other
 * applied descendant, which isolates one revision in a branched history.
 *
 * @example
 * ```ts
 * const run = await downgrade(options, "-1");
 * await downgrade(options, ["c1", "a"]); // at heads [c1, b2] with b2 a child of a: reverts b2 only
 * ```
 */
export function downgrade(
  options: RunnerOptions | PreparedRun,
  target: string | readonly string[] | undefined,
  extra: MigrateOptions = {},
): Promise<RunResult> {
  return migrate(options, "downgrade", target, extra);
}

async function migrate(
  options: RunnerOptions | PreparedRun,
  direction: Direction,
  requested: string | readonly string[] | undefined,
  extra: MigrateOptions,
): Promise<RunResult> {
  const run = await prepareRun(options);
  resolveLockRetry(run.options.lockRetry); // a bad setting fails before connecting
  // loaded only when asked for: it records revisions offline, which a plain run never needs
  const single = extra.singleTransaction === true ? await import("./single-transaction.js") : undefined;
  single?.refuseSingleTransactionDialect(run.options.dialect);
  if (single !== undefined && extra.resume === true) throw single.refuseSingleTransactionResume();
  const session = { lock: true, graceful: extra.signal !== undefined };
  return withSession(run.options, session, async ({ conn, waitedForLockMs }) => {
    const resume = extra.resume === true;
    const state = await readCheckedState(conn, run, { checksums: true });
    const partial = resume
      ? await resumablePartial(conn, run, state, direction)
      : await refuseUnresolvedPartial(
          conn,
          run,
          state,
          direction === "downgrade" ? requested : undefined,
          single !== undefined,
        );
    extra.onVerifiedState?.(state);
    const target =
      requested ??
      (partial === undefined
        ? missingTarget(direction)
        : partial.parents.length > 0
          ? partial.parents
          : "base");
    const phase = direction === "upgrade" ? extra.phase : undefined;
    const migrationPlan = plan(run.graph, { current: state.heads, target, direction, phase });
    if (partial !== undefined && !migrationPlan.steps.some((s) => s.revision === partial.revision))
      throw resumeOutsidePlan(partial.revision, direction, target);
    const heldBack = migrationPlan.heldBack.length > 0 ? { heldBack: migrationPlan.heldBack } : {};
    const total = migrationPlan.steps.length;
    safeProgress(run.options, {
      type: "plan",
      direction,
      revisions: migrationPlan.steps.map((s) => s.revision),
    });
    if (total === 0)
      return {
        results: [],
        heads: { before: state.heads, after: state.heads },
        waitedForLockMs,
        ...heldBack,
      };

    // The invalid-index read goes out first and the server answers it while the client imports
    // the step code and the revision modules (no other statement is sent meanwhile); it is
    // awaited before anything else uses the session. Its failure is reported there, not lost.
    const invalidRead = readInvalidIndexes(conn, run.options.dialect);
    invalidRead.catch(() => undefined);
    // Imported only when there is work: applying pulls in the op builder and the backfill engine,
    // which a no-op run (every app instance at start-up) never needs.
    const { prepareStep, runSteps, StepsAhead, RunWarnings } = await import("./apply-steps.js");
    await refusePlanPlaceholders(run, migrationPlan.steps, direction);
    await single?.refuseSingleTransactionPlan(run, migrationPlan.steps);
    // Every step's history row carries its revision's checksum: computed here in one loop, while
    // the code is hot, instead of one digest per step between two commits (a hash after the
    // commit's wait cost ~20 µs, in this loop ~3 µs). Revisions loaded from files have theirs by now.
    for (const step of migrationPlan.steps) run.revisions.checksum(step.revision);
    const invalidIndexes = await invalidRead;
    await extra.vetPlan?.({ steps: migrationPlan.steps, heads: state.heads });
    // a single transaction holds the tables it creates too: a rollback leaves the database as it was
    if (single === undefined) await ensureTables(conn, run, state, extra.onStatement);
    // a history table an older athanor created gets the column a partial row records its statements in
    if (state.tablesExist)
      await ensureFingerprintColumn(conn, run.sql, {
        lockSafety: run.options.dialect.lockSafety,
        lockRetry: run.options.lockRetry,
        log: extra.onStatement,
      });
    const allow = run.options.dialect.allowBrokenDependents;
    if (extra.allowBrokenDependents === true && allow !== undefined) {
      extra.onStatement?.(allow);
      await conn.query(allow);
    }
    const warnings = new RunWarnings(
      (await run.options.dialect.runWarnings?.(conn, {
        allowBrokenDependents: extra.allowBrokenDependents === true,
      })) ?? [],
      (warning) => safeProgress(run.options, { type: "warning", warning }),
    );
    const runTransaction = await single?.openRunTransaction(conn, run.options.dialect, extra.onStatement);
    if (runTransaction !== undefined) await ensureTables(conn, run, state, extra.onStatement);
    const ctx = {
      runTransaction,
      conn,
      dialect: run.options.dialect,
      sql: run.sql,
      revisions: run.revisions,
      graph: run.graph,
      runId: newRunId(),
      who: currentIdentity(),
      log: extra.onStatement,
      safety: {
        lockRetry: run.options.lockRetry,
        invalidIndexes,
        versionTable: run.options.versionTable,
        onEvent: (event: RunnerEvent) => safeProgress(run.options, event),
        log: extra.onStatement,
        signal: extra.signal,
        cursorTable: {},
        maxReplicaLag: run.options.maxReplicaLag,
        sessionTimeouts: { set: false },
        warnings,
      },
      ahead: undefined as StepsAhead | undefined,
      // asked only when a downgrade stops part-way: its advice goes on to the target
      downgradeTargetOf: (revision: string) =>
        downgradeResumeTarget(run.graph, migrationPlan, requested, revision),
    };
    // an engine in this process (synchronous, or in-process) leaves the client no time of its own
    // while it runs a step, and holds the event loop where a Ctrl-C is seen
    const clientBound = conn.synchronous === true || conn.inProcess === true;
    // the next step prepared while the server runs this one: a server's session only, never the
    // resumed revision
    if (!clientBound)
      ctx.ahead = new StepsAhead(migrationPlan.steps, (step) =>
        step.revision === partial?.revision ? Promise.resolve(undefined) : prepareStep(ctx, step),
      );
    const { results, heads, failed, interruptedBefore } = await runSteps(ctx, migrationPlan.steps, {
      direction,
      heads: state.heads,
      options: run.options,
      signal: extra.signal,
      clientBound,
      resume: partial,
      uncommitted: runTransaction !== undefined,
    });
    if (single !== undefined && runTransaction !== undefined)
      return single.endSingleTransactionRun(conn, run, runTransaction, {
        results,
        failed,
        interruptedBefore,
        before: state.heads,
        expected: heads,
        direction,
        extra,
        base: {
          waitedForLockMs,
          ...heldBack,
          ...(warnings.reported.length > 0 ? { warnings: warnings.reported } : {}),
        },
      });
    const stepError =
      results.find((r) => r.error !== undefined)?.error ??
      (interruptedBefore === undefined
        ? undefined
        : interruptedBetween(interruptedBefore, direction, extra.signal, heads));
    // the lock timeouts the last steps left on the session (each step sets its own first), reset
    // once for whatever uses the session next; after a lost connection the step's error is the news
    const reset = ctx.safety.sessionTimeouts.set
      ? (run.options.dialect.lockSafety?.resetLockTimeout("session") ?? [])
      : [];
    if (reset.length > 0) {
      for (const sql of reset) extra.onStatement?.(sql);
      await conn.executeScript(reset).catch((error: unknown) => {
        if (stepError === undefined) throw error;
      });
    }
    // After a lost connection the failed step's error (which names the revision) is the news;
    // the heads it left are the ones tracked step by step.
    const after = (
      await conn.query<{ version_num: string }>(run.sql.selectHeads()).then(
        (r) => r.rows.map((row) => row.version_num),
        (error: unknown) => {
          if (stepError === undefined) throw error;
          return [...heads];
        },
      )
    ).sort();
    const error = stepError ?? conflict(heads, after, run.sql.versionTable);
    return {
      results,
      heads: { before: state.heads, after },
      waitedForLockMs,
      ...heldBack,
      ...(error ? { error } : {}),
      ...(warnings.reported.length > 0 ? { warnings: warnings.reported } : {}),
    };
  });
}

/**
 * The partial run `--resume` continues, checked to be safe to continue in this direction and to
 * skip the very statements its attempt did (the revision rendered again, nothing sent).
 */
async function resumablePartial(
  conn: Connection,
  run: PreparedRun,
  state: RunState,
  direction: Direction,
): Promise<ResumablePartial | undefined> {
  const found = findPartialRun(state, run.graph, run.revisions);
  if (found === undefined) return undefined;
  const { run: partial, fileChanged } = found;
  const story = partialStory(partial, run.graph, { fileChanged, versionHeads: state.heads });
  if (partial.direction !== direction) {
    throw new AthanorError(
      "ATHANOR_RESUME_REFUSED",
      `Cannot resume with ${direction}: ${story.summary}, so it is resumed with \`${story.resume ?? nextStep({ kind: "run", direction: partial.direction === "upgrade" ? "upgrade" : "downgrade", resume: true })}\`. Nothing was run.`,
      { revision: partial.revision, direction: partial.direction, hint: story.resume ?? story.undo },
    );
  }
  if (fileChanged) {
    throw new AthanorError("ATHANOR_RESUME_REFUSED", `${story.text} Nothing was run.`, {
      revision: partial.revision,
      direction: partial.direction,
      hint: story.undo,
    });
  }
  if (partial.statementsDone > 0) {
    // loaded only to resume: it renders the revision (the op builder), which a plain run of the
    // no-op kind never needs
    const { findRenderingChange, renderingChangedError } = await import("./rendering-change.js");
    const change = await findRenderingChange(conn, run, partial, found.entryId);
    if (change !== undefined) throw renderingChangedError(change, partial, run, state.heads);
  }
  const parents = run.graph.get(partial.revision)?.parents ?? [];
  return { revision: partial.revision, statementsDone: partial.statementsDone, parents };
}

/**
 * Throws ATHANOR_PARTIAL_REVISION while a partial run is unresolved, advising `--resume` only
 * when the resume would be accepted: its done statements are rendered again (nothing sent) and
 * compared with the partial row's record first, as {@link resumablePartial} does.
 */
async function refuseUnresolvedPartial(
  conn: Connection,
  run: PreparedRun,
  state: RunState,
  downgradeTarget: string | readonly string[] | undefined,
  /** A single-transaction run: its advice resumes with one transaction a revision. */
  single: boolean,
): Promise<undefined> {
  const found = findPartialRun(state, run.graph, run.revisions);
  if (found === undefined) return undefined;
  const { partialRenderingStory } = await import("./rendering-change.js");
  const renderingChanged = await partialRenderingStory(conn, run, found);
  throw partialRevisionError(
    found,
    run.graph,
    state.heads,
    renderingChanged,
    resumableTo(run, state, found.run, downgradeTarget),
    single,
  );
}

/**
 * A refused `downgrade TARGET` whose plan takes the partial downgrade's revision: its advice is
 * `downgrade TARGET --resume`, which finishes that revision and goes on to TARGET as asked.
 */
function resumableTo(
  run: PreparedRun,
  state: RunState,
  partial: { readonly revision: string; readonly direction: string },
  target: string | readonly string[] | undefined,
): string | undefined {
  if (partial.direction !== "downgrade" || typeof target !== "string") return undefined;
  try {
    const steps = plan(run.graph, { current: state.heads, target, direction: "downgrade" }).steps;
    return steps.some((s) => s.revision === partial.revision) ? target : undefined;
  } catch {
    return undefined; // a target the run itself refuses: the plain advice
  }
}

interface ResumablePartial {
  readonly revision: string;
  readonly statementsDone: number;
  readonly parents: readonly string[];
}

function missingTarget(direction: Direction): never {
  throw new AthanorError(
    "ATHANOR_USAGE",
    `${direction} needs a target, e.g. \`-1\`, a revision id, or \`base\` (a target may be left out only with ${nextStep({ kind: "resume-option" })}, to finish a partial run).`,
    {},
  );
}

function resumeOutsidePlan(
  revision: string,
  direction: Direction,
  target: string | readonly string[],
): AthanorError {
  return new AthanorError(
    "ATHANOR_RESUME_REFUSED",
    `${nextStep({ kind: "resume-option" })} continues revision ${revision}, but ${direction} to ${[target].flat().join(", ")} does not include it. Nothing was run. Resume with a target that includes ${revision} (or none).`,
    { revision, target: [target].flat() },
  );
}

/** The run stopped between revisions: nothing of `next` ran. */
function interruptedBetween(
  next: string,
  direction: Direction,
  signal: AbortSignal | undefined,
  heads: readonly string[],
): RunResult["error"] {
  const e = new AthanorError(
    "ATHANOR_INTERRUPTED",
    `The ${direction} was interrupted by ${String(signal?.reason ?? "a signal")} before revision ${next}; nothing of ${next} ran. ` +
      `The database is at ${heads.length === 0 ? "<base>" : heads.join(", ")}; run \`${nextStep({ kind: "run", direction })}\` again to continue.`,
    { revision: next, direction, signal: String(signal?.reason ?? ""), outcome: "nothing" },
  );
  return { code: e.code, message: e.message, meta: e.meta };
}

/** The version table must hold exactly the heads the applied steps imply. */
function conflict(expected: readonly string[], actual: readonly string[], table: string): RunResult["error"] {
  const want = [...expected].sort();
  if (want.length === actual.length && want.every((id, i) => id === actual[i])) return undefined;
  const e = new AthanorError(
    "ATHANOR_VERSION_TABLE_CONFLICT",
    `After the run the version table ${table} holds [${actual.join(", ")}] but the applied steps imply [${want.join(", ")}]. ` +
      `Something else changed it during the run; check with \`${nextStep({ kind: "current" })}\` and fix it with \`${nextStep({ kind: "stamp" })}\`.`,
    { expected: want, actual: [...actual] },
  );
  return { code: e.code, message: e.message, meta: e.meta };
}
