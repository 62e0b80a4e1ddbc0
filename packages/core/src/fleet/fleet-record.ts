import type { RunnerWarning } from "../dialect/run-warning.js";
import type { ErrorCode, ErrorMeta } from "../errors.js";
import { isAthanorError } from "../errors.js";
import type { LockReading } from "../runner/lock-holder.js";
import type { RunResult } from "../runner/runner-result.js";

/** A target's last failed fleet run, as `status --fleet` shows it. */
export interface LastFailure {
  readonly revision: string | null;
  readonly code: string;
  readonly message: string;
  /** When it was recorded (athanor's clock, as the history rows), ISO 8601 in UTC: `2026-12-06T19:57:22.123Z`. */
  readonly failedAt: string | null;
}

/** What {@link currentFleet} reads besides the heads: unfinished runs and who holds the lock. */
export interface FleetTargetState {
  /** Revisions whose last run stopped part-way (MySQL DDL), to be resumed or undone. */
  readonly partial: readonly string[];
  /** Heads no revision file declares. */
  readonly unknownHeads: readonly string[];
  readonly lock: LockReading;
  /** The last fleet run that failed on this target, until a later one (or any upgrade) succeeds there. */
  readonly lastFailure?: LastFailure | undefined;
}

/**
 * - changed: the run applied (or reverted, or stamped) something; `revisions` says what.
 * - unchanged: the target was already where the run asked for: nothing ran (a resumed fleet).
 * - failed: the run stopped on this target; `error` says why. Other targets are unaffected.
 * - skipped: never launched, because the fleet halted (see `FleetResult.halted`).
 */
export type FleetTargetStatus = "changed" | "unchanged" | "failed" | "skipped";

/** Why one target failed: the runner's coded error, the failing revision and statement when known. */
export interface FleetTargetError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly revision?: string | undefined;
  readonly sql?: string | undefined;
  readonly meta: ErrorMeta;
}

/** One record per target, in the order the targets were given. */
export interface FleetTargetRecord {
  readonly target: string;
  readonly schema?: string | undefined;
  /** 0-based wave; with a canary, wave 0 is the canary. */
  readonly wave: number;
  readonly canary: boolean;
  readonly status: FleetTargetStatus;
  /** Heads before and after the run (equal for reads and for skipped targets, which are empty). */
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** Revisions applied, reverted or stamped on this target, in order. */
  readonly revisions: readonly string[];
  /** With a phase: revisions left for a later stage. */
  readonly heldBack?: readonly string[] | undefined;
  readonly durationMs: number;
  /** Time spent finding the target's lock taken by another runner (try-lock, retried later). */
  readonly waitedForLockMs: number;
  readonly error?: FleetTargetError | undefined;
  /** `currentFleet` only: partial runs and the lock holder. */
  readonly state?: FleetTargetState | undefined;
  /** What this target's run could not guarantee, each once (absent when none): `RunResult.warnings`. */
  readonly warnings?: readonly RunnerWarning[] | undefined;
}

/** What one target's run tells the fleet (a `RunResult`, or heads read by `current`). */
export interface TargetOutcome {
  readonly before: readonly string[];
  readonly after: readonly string[];
  readonly revisions: readonly string[];
  readonly heldBack?: readonly string[] | undefined;
  readonly error?: FleetTargetError | undefined;
  readonly state?: FleetTargetState | undefined;
  /** The run never touched the target (a bulk read found it at the target already). */
  readonly untouched?: boolean | undefined;
  /**
   * The revision the run stopped in, and what the runner verified it kept of it: `nothing` (rolled
   * back, or no COMMIT ever sent) or `part` (statements committed before, MySQL DDL; or unknown).
   */
  readonly stopped?: { readonly revision: string; readonly kept: "nothing" | "part" } | undefined;
  /** The run's warnings (`RunResult.warnings`). */
  readonly warnings?: readonly RunnerWarning[] | undefined;
}

/** A runner result as a target outcome: the first failure and the failing step's revision. */
export function outcomeOfRun(run: RunResult): TargetOutcome {
  const failing = run.results.find((r) => r.error !== undefined);
  return {
    before: run.heads.before,
    after: run.heads.after,
    revisions: run.results.filter((r) => r.status === "applied").map((r) => r.revision),
    ...(run.heldBack === undefined ? {} : { heldBack: run.heldBack }),
    ...(run.warnings === undefined ? {} : { warnings: run.warnings }),
    ...(failing === undefined
      ? {}
      : { stopped: { revision: failing.revision, kept: failing.status === "failed" ? "nothing" : "part" } }),
    ...(run.error === undefined
      ? {}
      : {
          error: {
            code: run.error.code,
            message: run.error.message,
            revision: failing?.revision,
            sql: run.error.sql,
            meta: run.error.meta,
          },
        }),
  };
}

/** A thrown error (refused before anything ran, connection lost) as a target's error. */
export function errorOfThrown(error: unknown): FleetTargetError {
  if (isAthanorError(error)) return { code: error.code, message: error.message, meta: error.meta };
  const message = (error as Error)?.message ?? String(error);
  return { code: "ATHANOR_INTERNAL", message, meta: {} };
}
