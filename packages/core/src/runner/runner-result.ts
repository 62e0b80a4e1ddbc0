import type { BackfillEvent, BackfillSummary } from "../backfill/backfill-progress.js";
import type { RunnerWarning } from "../dialect/run-warning.js";
import type { AthanorError, ErrorMeta } from "../errors.js";
import type { LockRetryEvent } from "./lock-retry.js";

/** What the runner did with one revision. `stamp` is used by {@link stamp} only. */
export type StepDirection = "upgrade" | "downgrade" | "stamp";

/**
 * - applied: ran and committed together with its version-table update.
 * - failed: rolled back (or failed on its first statement); schema and version table unchanged.
 * - partial: stopped part-way where DDL cannot roll back (non-transactional revision, or a
 *   dialect without transactional DDL); `failedStatementIndex` statements before it stay applied.
 * - not_run: planned but skipped because an earlier revision failed.
 * - rolled_back: ran inside the run's one transaction (`singleTransaction`), which a later
 *   failure or an interrupt rolled back; nothing of it stays applied.
 */
export type StepStatus = "applied" | "failed" | "partial" | "not_run" | "rolled_back";

/** Where and why a revision failed. */
export interface StepError {
  readonly code: AthanorError["code"];
  readonly message: string;
  /** Index of the failing operation among those the revision emitted, when known. */
  readonly operationIndex?: number | undefined;
  readonly operationKind?: string | undefined;
  /** The failing SQL statement, when known. */
  readonly sql?: string | undefined;
  /** Index of the failing statement among the revision's statements (0-based), when known. */
  readonly statementIndex?: number | undefined;
  readonly meta: ErrorMeta;
}

/** One revision's outcome. */
export interface StepResult {
  readonly revision: string;
  readonly direction: StepDirection;
  readonly status: StepStatus;
  readonly durationMs: number;
  /** SQL statements sent for this revision's operations (not counting version-table upkeep). */
  readonly statements: number;
  /** The revision's batched backfills (absent when it ran none). */
  readonly backfills?: readonly BackfillSummary[] | undefined;
  readonly error?: StepError | undefined;
}

/**
 * The outcome of a run: never thrown for a failing revision — look at `error` and each result.
 *
 * @example
 * ```ts
 * const run = await upgrade(options, "heads");
 * if (run.error) console.error(run.error.message);
 * ```
 */
export interface RunResult {
  readonly results: readonly StepResult[];
  readonly heads: { readonly before: readonly string[]; readonly after: readonly string[] };
  readonly waitedForLockMs: number;
  /** Revisions an upgrade with `phase` left for later (absent when nothing waits). */
  readonly heldBack?: readonly string[] | undefined;
  /** `stamp` only: revisions whose partial run it resolved (absent when none). */
  readonly resolvedPartials?: readonly string[] | undefined;
  /** The first failure of the run, if any (the failing step carries the details too). */
  readonly error?: StepError | undefined;
  /** What the run could not guarantee, each once (absent when none): see `Dialect.runWarnings`. */
  readonly warnings?: readonly RunnerWarning[] | undefined;
  /**
   * A `singleTransaction` run that planned work: how its one transaction ended, as the version
   * table read back says (`unknown`: it could not be read). Absent otherwise.
   */
  readonly singleTransaction?: { readonly outcome: "committed" | "rolled-back" | "unknown" } | undefined;
}

/** Progress reported through `onProgress` (backfill progress and lock retries included). */
export type RunnerEvent =
  | BackfillEvent
  | LockRetryEvent
  | { readonly type: "lock-acquired"; readonly waitedMs: number }
  | { readonly type: "warning"; readonly warning: RunnerWarning }
  | { readonly type: "plan"; readonly direction: StepDirection; readonly revisions: readonly string[] }
  | {
      readonly type: "step-start";
      readonly revision: string;
      readonly direction: StepDirection;
      readonly index: number;
      readonly total: number;
    }
  | {
      readonly type: "step-end";
      readonly result: StepResult;
      readonly index: number;
      readonly total: number;
      /** The step ran inside the run's one transaction, which commits after the last step. */
      readonly uncommitted?: true | undefined;
    }
  | {
      /** A `singleTransaction` run's transaction ended (read back from the version table). */
      readonly type: "run-transaction";
      readonly outcome: "committed" | "rolled-back" | "unknown";
      /** The steps that ran inside it. */
      readonly revisions: number;
      /** The version table's heads as read back; absent when it could not be read. */
      readonly heads?: readonly string[] | undefined;
    };
