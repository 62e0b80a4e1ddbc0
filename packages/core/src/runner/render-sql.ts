import { AthanorError } from "../errors.js";
import { readsCurrent, resolveTarget } from "../graph/target.js";
import { parseRange } from "../graph/target-range.js";
import { type Direction, plan } from "../plan/plan.js";
import { sqlComment } from "../text/inert-text.js";
import { type PreparedRun, prepareRun } from "./prepare-run.js";
import { refusePlanPlaceholders } from "./refuse-placeholders.js";
import type { RenderedRevision } from "./render-step-offline.js";
import { currentIdentity, newRunId } from "./run-identity.js";
import type { RunnerOptions } from "./runner-options.js";

export type { RenderedRevision } from "./render-step-offline.js";

/** What to render: a `start:end` range, or a target reached from `base` (upgrade only). */
export interface RenderSqlRequest {
  readonly direction: Direction;
  /** `start:end` (Alembic's offline range). For a downgrade the start is required. */
  readonly range?: string | undefined;
  /** Shorthand for `base:<target>` (upgrade) when no range is given. */
  readonly target?: string | undefined;
  /**
   * The database's heads, for a range that names `current` or walks from it (`current:head`,
   * `-1:base`); the caller reads them online. Without them such a range is refused.
   */
  readonly current?: readonly string[] | undefined;
  /**
   * One `BEGIN` … `COMMIT` around the whole script (tables included) instead of one per
   * revision; refused as an online run refuses it (MigrateOptions.singleTransaction).
   */
  readonly singleTransaction?: boolean | undefined;
}

/** Offline SQL: `statements` in execution order, and `text` ready for review or psql. */
export interface RenderedSql {
  readonly statements: readonly string[];
  readonly revisions: readonly RenderedRevision[];
  readonly text: string;
}

/**
 * Renders a plan as SQL without a database (`upgrade --sql`): the version and history tables'
 * DDL when starting from base, then per revision `BEGIN; <ops>; <version-table update>;
 * <history row>; COMMIT;` — exactly the statements and order an online run sends (history rows
 * take CURRENT_TIMESTAMP instead of measured times). `op.query` cannot work offline and fails
 * with ATHANOR_UNSUPPORTED naming the revision.
 *
 * @example
 * ```ts
 * const { text } = await renderSql(options, { direction: "upgrade", range: "base:heads" });
 * process.stdout.write(text);
 * ```
 */
export async function renderSql(
  options: RunnerOptions | PreparedRun,
  request: RenderSqlRequest,
): Promise<RenderedSql> {
  const run = await prepareRun(options);
  const range =
    request.range !== undefined ? parseRange(request.range) : { start: undefined, end: request.target };
  if (request.direction === "downgrade" && range.start === undefined) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      "An offline downgrade needs to know where the database is: give a range such as `heads:base` or `ae10:27c6`.",
      { direction: request.direction },
    );
  }
  if (request.direction === "downgrade" && range.end === undefined) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      "An offline downgrade range needs an end, e.g. `heads:base`.",
      {},
    );
  }
  if (request.current === undefined && readsCurrent(request.range ?? "")) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      `The range ${request.range} starts from the database's current revision, which offline SQL cannot know. Read it online, or name the revision instead (e.g. \`ae10:head\`).`,
      { range: request.range ?? null },
    );
  }
  const current =
    range.start === undefined
      ? []
      : resolveTarget(run.graph, range.start, {
          direction: request.direction,
          current: request.current ?? [],
        });
  const target = range.end ?? "heads";
  const migrationPlan = plan(run.graph, { current, target, direction: request.direction });
  if (migrationPlan.steps.length === 0 && range.start !== undefined && range.end !== undefined) {
    const end = resolveTarget(run.graph, range.end, { direction: request.direction });
    const same = end.length === current.length && end.every((id) => current.includes(id));
    if (!same) {
      const way = request.direction === "upgrade" ? "downgrade" : "upgrade";
      throw new AthanorError(
        "ATHANOR_INVALID_RANGE",
        `The range ${range.start}:${range.end} leads nowhere for an offline ${request.direction}: its end is not ${request.direction === "upgrade" ? "above" : "below"} its start. Swap the ends, or render a ${way}.`,
        { range: `${range.start}:${range.end}`, direction: request.direction },
      );
    }
  }

  await refusePlanPlaceholders(run, migrationPlan.steps, request.direction);
  const single = request.singleTransaction === true;
  if (single) {
    const { refuseSingleTransactionDialect, refuseSingleTransactionPlan } = await import(
      "./single-transaction.js"
    );
    refuseSingleTransactionDialect(run.options.dialect);
    await refuseSingleTransactionPlan(run, migrationPlan.steps);
  }
  const runId = newRunId();
  // The script runs later, elsewhere, by someone else: the history row names the database user
  // (CURRENT_USER) and leaves host and OS user empty rather than the build machine's.
  const who = { athanorVersion: currentIdentity().athanorVersion };
  const preamble = current.length === 0 && request.direction === "upgrade" ? run.sql.createTables() : [];
  const revisions: RenderedRevision[] = [];
  // Loaded here, not at the top: the runner's entry point then does not pull the op builder and
  // backfill rendering into every `upgrade` (only `--sql` renders steps offline).
  const { renderStepOffline } = await import("./render-step-offline.js");
  const { OfflineReplayer } = await import("./offline-replay.js");
  // What the database holds when the script starts, for renderers that restate a table: the
  // revisions up to the range's start, replayed into the dialect's stand-in if one is needed.
  const replayer = OfflineReplayer.for(
    run,
    current.length === 0 ? [] : plan(run.graph, { current: [], target: current, direction: "upgrade" }).steps,
  );
  try {
    for (const step of migrationPlan.steps)
      revisions.push(await renderStepOffline(run, step, runId, who, replayer, single));
  } finally {
    await replayer?.close();
  }
  run.options.opCache?.save();
  // the checksums just computed: the next `--sql` (or run) stats each file instead of hashing it
  run.revisions.saveCaches();

  const lines: string[] = [];
  const { dialect } = run.options;
  const statement = (sql: string) => dialect.offlineStatement?.(sql) ?? terminate(sql);
  const session = dialect.offlineSessionSql ?? [];
  if (session.length > 0) lines.push("-- athanor: session settings", ...session.map(terminate), "");
  const { beginTransaction, commitTransaction } = dialect;
  if (single) lines.push("-- athanor: the whole run in one transaction", terminate(beginTransaction), "");
  if (preamble.length > 0)
    lines.push("-- athanor: version and history tables", ...preamble.map(terminate), "");
  for (const r of revisions) {
    const header = run.graph.get(r.revision);
    lines.push(
      sqlComment(`Running ${r.direction} ${r.revision}${header?.message ? `: ${header.message}` : ""}`),
      ...r.statements.map(statement),
      "",
    );
  }
  if (single) lines.push("-- athanor: the end of the run's transaction", terminate(commitTransaction), "");
  return {
    statements: [
      ...session,
      ...(single ? [beginTransaction] : []),
      ...preamble,
      ...revisions.flatMap((r) => r.statements),
      ...(single ? [commitTransaction] : []),
    ],
    revisions,
    text: lines.join("\n"),
  };
}

/**
 * The statement followed by the `;` a client's script reader ends it at. After a `--` comment on
 * the last line a `;` on that line would be part of the comment (psql then read the next statement
 * as this one's continuation), so it goes on a line of its own — also when the `--` sits in a
 * string literal: a line break before `;` is whitespace.
 */
function terminate(sql: string): string {
  const text = sql.trimEnd();
  if (text.endsWith(";")) return sql;
  return text.includes("--", text.lastIndexOf("\n") + 1) ? `${sql}\n;` : `${sql};`;
}
