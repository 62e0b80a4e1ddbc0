import type { RenderedSql, RevisionGraph, RunResult } from "@athanor/core";
import { AthanorError, isAthanorError } from "@athanor/core/errors";
import { readsCurrent } from "@athanor/core/graph";
import {
  current,
  downgrade,
  noopUpgradeHeads,
  type RunState,
  renderSql,
  upgrade,
} from "@athanor/core/runner";
import type { Context } from "../context.js";
import { lintGate } from "../lint/refuse-lint-errors.js";
import { printJson } from "../output.js";
import { terminalSql } from "../terminal-guard.js";
import { GracefulStop } from "./graceful-stop.js";
import type { DatabaseRun, EmbeddedRecord } from "./open-database-run.js";
import { reportRun } from "./report-run.js";

/** Options shared by `upgrade` and `downgrade`. */
export interface MigrationCommandOptions {
  readonly sql?: boolean;
  readonly lockTimeout?: string;
  readonly echoSql?: boolean;
  readonly json?: boolean;
  /**
   * Upgrade only: `expand` (or its alias `migrate`) runs the deploy's first stage — expand,
   * migrate and ordinary revisions — and holds back every contract revision and what builds on it.
   */
  readonly phase?: "expand" | "migrate" | undefined;
  /** Upgrade only: run even when revisions of the plan have lint errors. */
  readonly ignoreLintErrors?: boolean;
  /** Let `op.requireNoDependents` checks pass (objects outside the models may break). */
  readonly allowBrokenDependents?: boolean;
  /** Continue a revision that an earlier run left part-way (see docs/cli.md). */
  readonly resume?: boolean;
  /** `--op-cache` / `--no-op-cache`: replay recorded operations for `--sql` (default: the config's `opCache`). */
  readonly opCache?: boolean;
  /** `--single-transaction` / `--no-single-transaction`: the whole run in one transaction (default: the config's `singleTransaction`). */
  readonly singleTransaction?: boolean;
}

/** What `runMigrationCommand` decided before the run was opened. */
export interface MigrationRequest {
  readonly options: MigrationCommandOptions;
  readonly direction: "upgrade" | "downgrade";
  readonly target: string | undefined;
  readonly resume: boolean;
  /** A plain upgrade whose no-op summary the run stores when it succeeds. */
  readonly noop: boolean;
}

/**
 * The body of `upgrade`/`downgrade` once the run is open and the no-op summary did not answer:
 * renders offline SQL (`--sql`) or runs the plan online with progress; returns the exit code.
 */
export async function runMigrationBody(
  ctx: Context,
  run: DatabaseRun,
  { options, direction, target, resume, noop }: MigrationRequest,
): Promise<number | undefined> {
  const singleTransaction = options.singleTransaction ?? run.config.singleTransaction ?? false;
  if (options.sql === true) {
    const range = target?.includes(":") ? target : undefined;
    const rendered = await renderSql(run.migration, {
      direction,
      singleTransaction,
      ...(range !== undefined ? { range } : { target: target ?? defaultTarget(run.graph, direction) }),
      ...(range !== undefined && readsCurrent(range) ? { current: await databaseHeads(run, range) } : {}),
    });
    printOfflineSql(ctx, rendered);
    const { warnLintFindings } = await import("../lint/warn-lint-findings.js");
    await warnLintFindings(
      ctx,
      run,
      rendered.revisions.filter((r) => r.direction === "upgrade").map((r) => r.revision),
      run.migration,
    );
    run.migration.options.opCache?.save();
    return undefined;
  }
  const gate = direction === "upgrade" && options.ignoreLintErrors !== true;
  // `downgrade --resume` without a target finishes the partial revision only
  const resolved =
    target ?? (direction === "downgrade" && resume ? undefined : defaultTarget(run.graph, direction));
  // a plain upgrade on a PGlite folder: its record may answer a no-op without starting PGlite
  const record =
    direction === "upgrade" && !resume && options.phase === undefined ? run.embeddedRecord : undefined;
  if (record !== undefined) {
    const answered = await noopFromRecord(run, record, resolved ?? "heads");
    if (answered !== undefined)
      return reportRun(ctx, run, answered, {
        command: "upgrade",
        target: resolved ?? "heads",
        fromRecord: true,
      });
  }
  let verified: RunState | undefined;
  const stop = new GracefulStop(ctx, () => run.printer.flush());
  const extra = {
    ...(gate ? { vetPlan: lintGate(ctx, run) } : {}),
    ...(options.echoSql === true ? { onStatement: (sql: string) => echo(ctx, sql) } : {}),
    // The deploy's expand stage is the planner's "migrate": expand and migrate work runs.
    ...(options.phase !== undefined ? { phase: "migrate" as const } : {}),
    resume,
    ...(options.allowBrokenDependents === true ? { allowBrokenDependents: true } : {}),
    ...(singleTransaction ? { singleTransaction: true } : {}),
    signal: stop.signal,
    ...(record !== undefined
      ? {
          onVerifiedState: (state: RunState) => {
            verified = state;
          },
        }
      : {}),
  };
  // each revision's line written after the next one's batch is sent; --echo-sql shares stdout
  if (options.echoSql !== true) run.printer.deferStepLines();
  try {
    const result = await (direction === "upgrade"
      ? upgrade(run.migration, resolved ?? "heads", extra)
      : downgrade(run.migration, resolved, extra)
    ).finally(() => run.printer.flush());
    if (record !== undefined && result.error === undefined)
      await rememberVerifiedState(run, record, resolved ?? "heads", result, verified);
    if (noop && result.error === undefined) run.rememberNoopSummary();
    const code = reportRun(ctx, run, result, {
      command: direction,
      target: resolved ?? "(partial revision)",
    });
    return result.error?.code === "ATHANOR_INTERRUPTED" ? stop.exitCode() : code;
  } finally {
    stop.dispose();
  }
}

/**
 * A run result for a no-op upgrade answered by the PGlite folder's record, or undefined when the
 * record does not answer (missing, stale, or the upgrade would do something): then the real
 * upgrade runs. Nothing runs, so nothing is printed until the summary.
 */
async function noopFromRecord(
  run: DatabaseRun,
  record: EmbeddedRecord,
  target: string,
): Promise<RunResult | undefined> {
  const state = await record.read();
  const heads = state === undefined ? undefined : noopUpgradeHeads(run.migration, state, target);
  if (heads === undefined) return undefined;
  return { results: [], heads: { before: heads, after: heads }, waitedForLockMs: 0 };
}

/**
 * Gives the record the state of a successful upgrade: the state the run verified when it planned
 * nothing; after applying revisions, the state a second, verifying no-op reads on the open
 * database (a few queries, no PGlite start).
 */
async function rememberVerifiedState(
  run: DatabaseRun,
  record: EmbeddedRecord,
  target: string,
  result: RunResult,
  verified: RunState | undefined,
): Promise<void> {
  if (result.results.length === 0) {
    if (verified !== undefined) record.remember(verified);
    return;
  }
  let after: RunState | undefined;
  // no progress printer: this pass only reads, and the run was already reported
  const quiet = { ...run.migration, options: { ...run.migration.options, onProgress: undefined } };
  const check = await upgrade(quiet, target, {
    onVerifiedState: (state) => {
      after = state;
    },
  });
  if (check.error === undefined && check.results.length === 0 && after !== undefined) record.remember(after);
}

/**
 * The database's heads for a `--sql` range that names `current` (`current:head`): the one thing
 * offline SQL reads online. Unreachable, it says so and how to do without.
 */
async function databaseHeads(run: DatabaseRun, range: string): Promise<readonly string[]> {
  try {
    return (await current(run.migration)).heads;
  } catch (error) {
    if (!isAthanorError(error) || error.code !== "ATHANOR_CONNECTION_FAILED") throw error;
    throw new AthanorError(
      "ATHANOR_CONNECTION_FAILED",
      `--sql ${range} starts at \`current\`, the database's version, and the database could not be reached: ${error.message}`,
      {
        ...error.meta,
        range,
        hint: `name the revision the database is at instead, e.g. --sql <revision>:${range.split(":")[1] || "heads"}`,
      },
      { cause: error },
    );
  }
}

/**
 * `upgrade` with no target: `heads` when the graph has one head; with several, an error that
 * lists them (Alembic's rule — applying every branch silently surprises people).
 */
function defaultTarget(graph: RevisionGraph, direction: "upgrade" | "downgrade"): string {
  if (direction === "downgrade") {
    throw new AthanorError(
      "ATHANOR_USAGE",
      "downgrade needs a target, e.g. `-1`, a revision id, or `base` (or `--resume` alone, which finishes a downgrade that stopped part-way).",
      {},
    );
  }
  const heads = graph.heads();
  if (heads.length <= 1) return "heads";
  throw new AthanorError(
    "ATHANOR_MULTIPLE_HEADS",
    `The revision graph has ${heads.length} heads (${heads.join(", ")}); say which to upgrade to: \`heads\` for all of them, \`<label>@head\` or a revision id for one, or merge them with \`athanor merge heads\`.`,
    { heads, candidates: ["heads", ...heads] },
  );
}

function printOfflineSql(ctx: Context, rendered: RenderedSql): void {
  if (ctx.json) printJson(ctx, { statements: rendered.statements, revisions: rendered.revisions });
  // piped to psql or mysql, or written to a file: the script's bytes exactly (its comments are
  // inert already); shown on a terminal — even with stdin not one — a name's or a statement's
  // control characters (an escape sequence in a quoted identifier) as escapes, said in a comment
  else ctx.rawStdout.write(ctx.stdoutIsTerminal ? terminalSql(rendered.text) : rendered.text);
}

function echo(ctx: Context, sql: string): void {
  ctx.stderr.write(`${/;\s*$/.test(sql) ? sql : `${sql};`}\n`);
}
