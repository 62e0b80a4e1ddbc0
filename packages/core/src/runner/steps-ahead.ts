import type { PlanStep } from "../plan/plan.js";
import { nextTurn } from "./event-loop-turn.js";
import type { LeanStepSink } from "./lean-step-sink.js";
import type { OnlineOpSink } from "./online-op-sink.js";
import type { ProgressRecord } from "./progress-record.js";
import type { StepSafety } from "./step-safety.js";
import type { ScriptStatement } from "./step-script.js";
import type { StepTransaction } from "./step-transaction.js";

/** A step built before its turn: the short path's batch, or the full path's queue. */
export type PreparedStep = PreparedLeanStep | PreparedFullStep;

/** A step's short-path batch built before its turn: everything but its history row and COMMIT. */
export interface PreparedLeanStep {
  readonly kind: "lean";
  readonly step: PlanStep;
  readonly safety: StepSafety;
  readonly sink: LeanStepSink;
  /** `BEGIN`, the lock timeouts, the revision's statements, the version row (and cursor discard). */
  readonly head: readonly ScriptStatement[];
  /** Whether the step still takes the short path now that it is its turn. */
  fits(): boolean;
}

/**
 * A full-path step whose statements commit by themselves (MySQL DDL), queued before its turn:
 * its transaction holds everything but the history row and COMMIT, its progress records wait
 * for the turn's time (online-step.ts, `prepareFullStep`).
 */
export interface PreparedFullStep {
  readonly kind: "full";
  readonly step: PlanStep;
  /** The step's safety, on a copy of the run's session state until {@link adopt}. */
  readonly safety: StepSafety;
  readonly full: {
    readonly record: ProgressRecord;
    readonly tx: StepTransaction;
    readonly sink: OnlineOpSink;
  };
  /** Whether what the queue assumed still holds at the turn (the session's lock timeouts, no interrupt). */
  fits(): boolean;
  /** The turn came at `startedAt`: the records get their times, the run's state the queue's. */
  adopt(startedAt: Date): void;
}

/**
 * Revision N+1's batch, prepared while the server runs revision N (docs/performance.md,
 * "Apply and revert, twentieth session"; MariaDB's full path: "MariaDB apply and revert,
 * twenty-first session"): when N's reply comes, N+1's message goes out with no rendering in
 * between. Only what cannot act is run early — a revision function marked
 * op-calls-only (op-calls-only.ts), into a sink that refuses anything needing the server — and
 * nothing of N+1 is sent before N's reply: the step loop takes the prepared batch only when
 * N+1's turn comes (N applied, the run not interrupted), and drops it otherwise.
 *
 * @example
 * ```ts
 * const ahead = new StepsAhead(plan.steps, (step) => prepareLeanStep(ctx, step));
 * ahead.running(0); // ... step 0's batch handed to the driver: ahead.afterSend()
 * const prepared = await ahead.take(1);
 * ```
 */
export class StepsAhead {
  private current = -1;
  private next: { readonly index: number; readonly ready: Promise<PreparedStep | undefined> } | undefined;

  constructor(
    private readonly steps: readonly PlanStep[],
    private readonly prepare: (step: PlanStep) => Promise<PreparedStep | undefined>,
  ) {}

  /** The step at `index` is the running one. */
  running(index: number): void {
    this.current = index;
  }

  /**
   * The running step's batch is handed to the driver: the next step is prepared once the driver
   * has written it (one event-loop turn: postgres.js writes from a tick, mysql2 in the call), so
   * the preparing never delays the send it overlaps.
   */
  afterSend(): void {
    const index = this.current + 1;
    const step = this.steps[index];
    if (step === undefined || this.next?.index === index) return;
    this.next = {
      index,
      ready: nextTurn()
        .then(() => this.prepare(step))
        .catch(() => undefined),
    };
  }

  /** The batch prepared for the step at `index`, if one was; it is handed out once. */
  async take(index: number): Promise<PreparedStep | undefined> {
    const next = this.next;
    if (next?.index !== index) return undefined;
    this.next = undefined;
    const prepared = await next.ready;
    return prepared?.fits() === true ? prepared : undefined;
  }
}
