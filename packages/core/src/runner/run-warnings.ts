import type { DialectRunWarning, RunnerWarning } from "../dialect/run-warning.js";
import type { Operation } from "../ops/operation.js";

/**
 * The run's warning channel: the dialect's warnings for this session, each reported once —
 * through `onWarning` (the progress events) and in the run's result — when the run first applies
 * an operation it concerns.
 *
 * @example
 * ```ts
 * const warnings = new RunWarnings(await dialect.runWarnings?.(conn, { allowBrokenDependents: false }) ?? [], emit);
 * warnings.noteOperation(op); // reports the warnings about op.kind not reported yet
 * ```
 */
export class RunWarnings {
  /** Reported so far, in order. */
  readonly reported: RunnerWarning[] = [];
  private pending: DialectRunWarning[];

  constructor(
    pending: readonly DialectRunWarning[],
    private readonly onWarning: (warning: RunnerWarning) => void,
  ) {
    this.pending = [...pending];
  }

  /** Whether some operation could still raise a warning: a step prepared ahead must not report it early. */
  get waiting(): boolean {
    return this.pending.length > 0;
  }

  /** Reports a warning of the run itself (not the dialect's session warnings), at once. */
  note(warning: RunnerWarning): void {
    this.reported.push(warning);
    this.onWarning(warning);
  }

  /** Called for every operation a step applies. */
  noteOperation(op: Operation): void {
    if (this.pending.length === 0) return;
    const due = this.pending.filter((w) => w.operations === "any" || w.operations.includes(op.kind));
    if (due.length === 0) return;
    this.pending = this.pending.filter((w) => !due.includes(w));
    for (const { code, message } of due) {
      const warning = { code, message };
      this.reported.push(warning);
      this.onWarning(warning);
    }
  }
}
