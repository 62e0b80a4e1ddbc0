import type { BackfillSummary } from "../backfill/backfill-progress.js";
import type { Dialect } from "../dialect/dialect.js";
import type { LockRetryInput } from "../ops/lock-retry-settings.js";
import type { OpSink } from "../ops/op.js";
import type { Operation } from "../ops/operation.js";
import type { OnlineOpSink } from "./online-op-sink.js";
import type { StepSafety } from "./step-safety.js";
import { StepScript } from "./step-script.js";

/**
 * The `op` sink of a step on the short path (online-step.ts, `applyStepLean`): operations are
 * checked and rendered at once — so a bad operation or a render error reaches the revision's code
 * where the full path's sink would throw it — and kept. Anything the short path does not do
 * (`op.query`, `op.backfill`, `op.lockRetry`, an operation that waits for a reflection or a batch)
 * hands the step over to the full path's sink: `takeOver()` builds it, the operations so far are
 * emitted into it in order, and every later call goes to it. The revision's function runs once
 * either way.
 *
 * @example
 * ```ts
 * const sink = new LeanStepSink(dialect, safety, () => openFullStep(...).sink);
 * await runRevisionFunction(definition, "upgrade", sink, dialect.name);
 * sink.full ?? sink.script.statements; // the full path's sink, or the statements to send
 * ```
 */
export class LeanStepSink implements Omit<OpSink, "dialect"> {
  readonly script: StepScript;
  /** The full path's sink, once the step was handed over. */
  full: OnlineOpSink | undefined;
  private readonly emitted: Operation[] = [];
  /** An `op.execute` came: its step forgets the session's lock timeouts once it is the running step. */
  private executes = false;

  /**
   * `openFull` undefined: the step is prepared ahead of its turn (steps-ahead.ts), and anything
   * that would need the full path — which talks to the server — throws {@link NotPreparedAhead}
   * instead; {@link adopt} makes it the running step's sink.
   */
  constructor(
    private readonly dialect: Dialect,
    private readonly safety: StepSafety,
    private openFull: (() => OnlineOpSink) | undefined,
  ) {
    this.script = new StepScript(dialect);
  }

  /** A sink prepared ahead becomes the running step's: from now on it may hand over. */
  adopt(openFull: () => OnlineOpSink): this {
    this.openFull = openFull;
    if (this.executes) forgetSessionTimeouts(this.safety);
    return this;
  }

  /** Hands the step over to the full path (once): its sink gets the operations emitted so far. */
  takeOver(): OnlineOpSink {
    if (this.full !== undefined) return this.full;
    if (this.openFull === undefined) throw new NotPreparedAhead();
    const full = this.openFull();
    this.full = full;
    for (const op of this.emitted) {
      try {
        full.emit(op);
      } catch {
        // an operation that failed to render here fails there too; the revision saw that error
      }
    }
    return full;
  }

  emit(op: Operation): void {
    if (this.full !== undefined) {
      this.full.emit(op);
      return;
    }
    this.safety.checkOperation(op);
    if (this.script.needsReflection(op) || this.dialect.batchKey?.(op) !== undefined) {
      this.takeOver().emit(op);
      return;
    }
    // kept before it renders: one that fails to render still took its operation index
    this.emitted.push(op);
    this.script.add(op);
    // as StepTransaction.enqueue does for SQL athanor did not render
    if (op.kind === "execute") {
      this.executes = true;
      if (this.openFull !== undefined) forgetSessionTimeouts(this.safety);
    }
  }

  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<readonly Row[]> {
    return this.takeOver().query<Row>(sql, params);
  }

  backfill(spec: Parameters<NonNullable<OpSink["backfill"]>>[0]): Promise<BackfillSummary | undefined> {
    return (this.takeOver().backfill as NonNullable<OpSink["backfill"]>)(spec);
  }

  lockRetry(options: LockRetryInput): void {
    this.takeOver().lockRetry?.(options);
  }
}

function forgetSessionTimeouts(safety: StepSafety): void {
  const left = safety.run.sessionTimeouts;
  if (left !== undefined) left.sent = undefined;
}

/** A step prepared ahead of its turn needs what only the running step may do (a query, a hand-over). */
export class NotPreparedAhead extends Error {
  constructor() {
    super("this step needs the full step path: it is not prepared ahead");
  }
}
