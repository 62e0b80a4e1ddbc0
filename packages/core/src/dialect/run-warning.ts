import type { OperationKind } from "../ops/operation.js";

/**
 * Something a run could not guarantee, said without stopping it: a stable `code` (for scripts
 * and `--json`) and one sentence. Warnings are not errors: the run goes on.
 */
export interface RunnerWarning {
  readonly code: string;
  readonly message: string;
}

/**
 * A warning a dialect knows of once its session is open (`Dialect.runWarnings`), about the
 * operations of `operations`: a run reports it when it first applies one of them, and not at all
 * when it applies none. `"any"`: about every operation (how they are all rendered), reported
 * with the run's first one.
 */
export interface DialectRunWarning extends RunnerWarning {
  readonly operations: readonly OperationKind[] | "any";
}
