import { AthanorError } from "@athanor/core/errors";
import type { RunResult } from "@athanor/core/preflight";
import { inertText } from "@athanor/core/text";
import type { CommandInput, OptionDefinition } from "../command.js";
import type { Context } from "../context.js";
import { revisionWord } from "../format/shell-word.js";
import type { MigrationCommandOptions } from "./migration-body.js";
import { type DatabaseRun, withDatabaseRun } from "./open-database-run.js";
import { reportRun } from "./report-run.js";

export type { MigrationCommandOptions } from "./migration-body.js";

/** The option definitions of {@link MigrationCommandOptions}, for `defineCommand`. */
export const MIGRATION_COMMAND_OPTIONS: readonly OptionDefinition[] = [
  {
    flags: "--sql",
    description: "print the SQL instead of running it (offline; accepts a START:END range)",
  },
  {
    flags: "--lock-timeout <seconds>",
    description: "wait at most this long for another run's migration lock (default 60)",
  },
  { flags: "--echo-sql", description: "print every statement to stderr as it is sent" },
  {
    flags: "--op-cache",
    description:
      "with --sql: replay each revision's operations recorded by an earlier --sql run instead of importing it (see docs/configuration.md, opCache)",
  },
  {
    flags: "--no-op-cache",
    description: "with --sql: import every revision, whatever the config's opCache says",
  },
  {
    flags: "--allow-broken-dependents",
    description:
      "let each revision's dependents check pass: views, triggers and routines outside the models that still name a column the revision drops or renames are left to break",
  },
  {
    flags: "--single-transaction",
    description:
      "run every revision in one transaction (PostgreSQL, PGlite, SQLite): a failure or an interrupt anywhere rolls the whole run back (default: one transaction per revision, or the config's singleTransaction)",
  },
  {
    flags: "--no-single-transaction",
    description: "one transaction per revision, whatever the config's singleTransaction says",
  },
  {
    flags: "--resume",
    description:
      "continue a revision an earlier run left part-way: skip its statements recorded as done, continue its backfill from the saved cursor, then go on to the target",
  },
];

/** `upgrade`'s override of the lint gate. */
export const IGNORE_LINT_OPTION: OptionDefinition = {
  flags: "--ignore-lint-errors",
  description:
    "run even when revisions to apply have lint errors (default: refuse, as status says not ready)",
};

/**
 * The body of `upgrade` and `downgrade`: validates the target, then either renders offline SQL
 * (`--sql`, no connection) or runs the plan online with progress, and returns the exit code.
 * A `START:END` range is only meaningful offline, where the database cannot be asked where it is.
 *
 * @example
 * ```ts
 * async run(ctx, input) { return runMigrationCommand(ctx, input, "upgrade", input.args[0]); }
 * ```
 */
export async function runMigrationCommand(
  ctx: Context,
  input: CommandInput<MigrationCommandOptions>,
  direction: "upgrade" | "downgrade",
  target: string | undefined,
): Promise<number | undefined> {
  const { options } = input;
  if (target?.includes(":") && options.sql !== true) {
    throw new AthanorError(
      "ATHANOR_RANGE_NOT_ALLOWED",
      `The range "${target}" only works with --sql: online, athanor reads where the database is from its version table.`,
      {
        target,
        hint: `run \`athanor ${direction} ${revisionWord(target.split(":").at(-1) || "heads")}\`, or add --sql to print the SQL of the range`,
      },
    );
  }
  if (options.phase !== undefined && options.sql === true) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      "--phase needs the database: which revisions wait depends on what is applied, and --sql does not connect.",
      {
        option: "--phase",
        hint: "print the SQL of the expand stage as a range instead, e.g. `--sql base:<last expand or migrate revision>`",
      },
    );
  }
  if (options.resume === true && options.sql === true) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      "--resume needs the database: where a partial run stopped is recorded there, and --sql does not connect.",
      { option: "--resume" },
    );
  }
  if (options.allowBrokenDependents === true && options.sql === true) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      "--allow-broken-dependents needs the database: it is a setting of the run's session, and --sql does not connect.",
      {
        option: "--allow-broken-dependents",
        hint: "the printed script's checks read the same setting: run `SET athanor.allow_broken_dependents = on` (PostgreSQL) or `SET @athanor_allow_broken_dependents = 1` (MySQL/MariaDB) first in the session that runs it",
      },
    );
  }
  if (options.opCache !== undefined && options.sql !== true) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      `--${options.opCache ? "" : "no-"}op-cache only works with --sql: an online run always imports and runs its revisions.`,
      { option: options.opCache ? "--op-cache" : "--no-op-cache" },
    );
  }
  const resume = options.resume === true;
  const lockTimeoutMs = parseLockTimeout(options.lockTimeout);
  // a plain upgrade: a no-op may be confirmed from the folder's no-op summary (open-database-run.ts)
  const plain =
    direction === "upgrade" &&
    options.sql !== true &&
    !resume &&
    options.phase === undefined &&
    options.echoSql !== true &&
    // a refusal (MySQL, MariaDB, D1) comes before any answer
    options.singleTransaction !== true &&
    (target === undefined || target === "heads" || target === "head");
  const noop = plain
    ? {
        // no target: `heads` when the graph has one head, which is what `head` plans
        target: target ?? "head",
        singleTransaction: options.singleTransaction,
        answer: (result: RunResult, run: Pick<DatabaseRun, "description">) =>
          reportRun(ctx, run, result, { command: "upgrade", target: target ?? "heads" }),
      }
    : undefined;
  const runOptions = {
    lockTimeoutMs,
    ...(options.sql === true ? { opCache: options.opCache } : {}),
    ...(noop === undefined ? {} : { noop }),
  };
  // the run's body (planner, runner, lint gate) is imported only once the no-op summary did not answer
  return withDatabaseRun(ctx, input.configPath, runOptions, async (run) =>
    (await import("./migration-body.js")).runMigrationBody(ctx, run, {
      options,
      direction,
      target,
      resume,
      noop: noop !== undefined,
    }),
  );
}

/** `--lock-timeout` seconds as milliseconds; ATHANOR_USAGE for anything but plain decimal seconds. */
export function parseLockTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Number() reads "", " " and "0x10" as numbers; only plain decimal seconds are meant.
  const seconds = /^(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds)) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      `--lock-timeout must be a number of seconds, e.g. 60 or 0.5 (got "${inertText(value)}").`,
      { option: "--lock-timeout", value },
    );
  }
  return Math.round(seconds * 1000);
}
