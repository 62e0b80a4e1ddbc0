import type { Dialect, RenderContext } from "../dialect/dialect.js";
import { AthanorError } from "../errors.js";
import { createOp, type OpSink } from "../ops/op.js";
import type { Operation } from "../ops/operation.js";
import type { RevisionDefinition } from "../revision/revision.js";

/** Why a statement is in a revision's script; failures are reported through it. */
export type StatementRole =
  | "begin"
  | "setting"
  | "op"
  | "progress"
  | "version"
  | "history"
  | "commit"
  /** The dialect's check that the transaction is still open (Dialect.transactionGuard); not an op statement. */
  | "guard"
  /** The dialect's check that this session still holds the migration lock (Dialect.lockFence). */
  | "fence";

/** One statement of a revision's script and where it came from. */
export interface ScriptStatement {
  readonly sql: string;
  readonly role: StatementRole;
  /** For role `op`: which emitted operation produced it. */
  readonly operationIndex?: number | undefined;
  readonly operationKind?: string | undefined;
  /** For role `op`: its index among the revision's operation statements. */
  readonly opStatementIndex?: number | undefined;
  /**
   * For a progress record sent on its own right after a statement that committed by itself
   * (MySQL DDL, a non-transactional statement): the statements done once that one ran. Should
   * the record fail on a live session (KILL QUERY), they are committed all the same.
   */
  readonly doneBefore?: number | undefined;
  /**
   * For role `op`: the first statement a resumed run sends, one that commits by itself — the
   * interrupted run may have run it and stopped before its record (the record window). Should
   * it fail, the dialect is asked whether the failure shows it applied (Dialect.appliedBefore).
   */
  readonly afterRecordWindow?: true | undefined;
  /**
   * For role `op`: the revision's last statement, one that commits by itself, whose progress
   * record is the final transaction's history row (StepTransaction.openFinalTransaction): the
   * statements done once it ran. Once the server is past it, they are committed though no
   * record says so until the final COMMIT.
   */
  readonly foldedDone?: number | undefined;
}

/**
 * Collects a revision's operations as SQL, in emission order, remembering which operation each
 * statement came from. Shared by online runs and offline rendering so both produce the same
 * statements in the same order.
 *
 * @example
 * ```ts
 * const script = new StepScript(dialect);
 * script.add({ kind: "execute", sql: "CREATE TABLE t ()" });
 * script.statements[0].sql; // "CREATE TABLE t ()"
 * ```
 */
export class StepScript {
  readonly statements: ScriptStatement[] = [];
  operations = 0;
  opStatements = 0;

  /** `context`: the reflected schema the dialect's renderer reads and advances (online runs). */
  constructor(
    readonly dialect: Dialect,
    private context?: RenderContext,
  ) {}

  /** The schema the renderer reads and advances from the next operation on (a fresh reflection). */
  useContext(context: RenderContext): void {
    this.context = context;
  }

  /** Whether `op` must wait for a reflection: it needs a prior definition the script does not hold. */
  needsReflection(op: Operation): boolean {
    const { dialect } = this;
    if (dialect.reflect === undefined || this.context?.model !== undefined) return false;
    return dialect.needsPriorDefinition?.(op) ?? true;
  }

  /** Renders one operation; a render error names the operation index and kind. */
  add(op: Operation): void {
    this.addRendered(op, this.operations++, () => this.dialect.render(op, this.context));
  }

  /**
   * Renders a run of operations sharing a `Dialect.batchKey` as one unit (Dialect.renderBatch):
   * its statements are the first operation's; the others count, with no statement of their own.
   */
  addBatch(ops: readonly Operation[]): void {
    const first = ops[0];
    const { renderBatch } = this.dialect;
    if (first === undefined) return;
    if (ops.length === 1 || renderBatch === undefined) {
      for (const op of ops) this.add(op);
      return;
    }
    const operationIndex = this.operations;
    this.operations += ops.length;
    this.addRendered(first, operationIndex, () => renderBatch.call(this.dialect, ops, this.context));
  }

  private addRendered(op: Operation, operationIndex: number, render: () => readonly string[]): void {
    let rendered: readonly string[];
    try {
      rendered = render();
    } catch (error) {
      throw new OperationRenderError(operationIndex, op.kind, error);
    }
    for (const sql of rendered) {
      this.statements.push({
        sql,
        role: "op",
        operationIndex,
        operationKind: op.kind,
        opStatementIndex: this.opStatements++,
      });
    }
  }

  /**
   * Takes the next statement index for work that is not rendered SQL (a backfill, an
   * `op.query`), so online numbering matches offline rendering, where a backfill is one UPDATE.
   */
  reserve(): number {
    return this.opStatements++;
  }

  push(role: Exclude<StatementRole, "op">, sqls: readonly string[]): void {
    for (const sql of sqls) this.statements.push({ sql, role });
  }
}

/**
 * Takes the next operation off `waiting` and the ones right after it that share its
 * `Dialect.batchKey` (a run {@link StepScript.addBatch} renders as one unit).
 */
export function takeBatchRun(dialect: Dialect, waiting: Operation[]): Operation[] {
  const run = [waiting.shift() as Operation];
  const key = dialect.renderBatch === undefined ? undefined : dialect.batchKey?.(run[0] as Operation);
  while (key !== undefined && waiting[0] !== undefined && dialect.batchKey?.(waiting[0]) === key)
    run.push(waiting.shift() as Operation);
  return run;
}

/**
 * Renders the waiting operations (emptying `waiting`) in batch runs. Before a run that needs a
 * table's prior definition, `reflect` is asked for the schema as the statements rendered so far
 * left it (online: sent and read back; offline: replayed) — the one rule lazy reflection has.
 * `render` places each run (default: into `script`).
 */
export async function renderReflecting(
  script: StepScript,
  waiting: Operation[],
  reflect: () => Promise<RenderContext | undefined>,
  /** `reflected`: the run was rendered from the live schema as read just before it. */
  render: (run: readonly Operation[], reflected: boolean) => void = (run) => script.addBatch(run),
): Promise<void> {
  while (waiting.length > 0) {
    const run = takeBatchRun(script.dialect, waiting);
    const reflected = run.some((op) => script.needsReflection(op));
    if (reflected) {
      const context = await reflect();
      if (context !== undefined) script.useContext(context);
    }
    render(run, reflected);
  }
}

/** A dialect could not render an operation; carries where it happened. */
export class OperationRenderError extends Error {
  constructor(
    readonly operationIndex: number,
    readonly operationKind: string,
    cause: unknown,
  ) {
    super(
      `operation #${operationIndex} (${operationKind}) could not be rendered: ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
  }
}

/**
 * Runs a revision's `upgrade` or `downgrade` against a sink. The function may be async; any
 * operation it builds after its promise settles (or, returning none, after it returns) would be
 * lost, so late emits are refused — the one rule of {@link runRevisionFunctionNow}, which this
 * awaits, on every path.
 */
export async function runRevisionFunction(
  definition: RevisionDefinition,
  direction: "upgrade" | "downgrade",
  sink: Omit<OpSink, "dialect">,
  dialect: string,
): Promise<void> {
  await runRevisionFunctionNow(definition, direction, sink, dialect);
}

/**
 * {@link runRevisionFunction} without a promise for a function that returns none: undefined once
 * it returned (a throw comes through as a throw), else the promise of its end. A synchronous
 * driver's step then takes no await for it (online-step.ts, `applyStepNow`). The sink closes as
 * the function returns, before the step's batch is built: an operation a function that returned
 * no promise builds later (a missing await) is refused, never left out of a batch sent already.
 */
export function runRevisionFunctionNow(
  definition: RevisionDefinition,
  direction: "upgrade" | "downgrade",
  sink: Omit<OpSink, "dialect">,
  dialect: string,
): Promise<void> | undefined {
  const guarded = guardedSink(definition, direction, sink, dialect);
  const fn = direction === "upgrade" ? definition.upgrade : definition.downgrade;
  let returned: unknown;
  try {
    returned = fn.call(definition, createOp(guarded.sink));
  } catch (error) {
    guarded.close();
    throw error;
  }
  if (!isThenable(returned)) {
    guarded.close();
    return undefined;
  }
  return Promise.resolve(returned).then(guarded.close, (error: unknown) => {
    guarded.close();
    throw error;
  });
}

/** The sink a revision's function gets: `sink`, refusing operations once `close` was called. */
function guardedSink(
  definition: RevisionDefinition,
  direction: "upgrade" | "downgrade",
  sink: Omit<OpSink, "dialect">,
  dialect: string,
): { readonly sink: OpSink; close(): void } {
  let open = true;
  const guarded: OpSink = {
    dialect,
    emit(op) {
      if (!open) {
        throw new AthanorError(
          "ATHANOR_MIGRATION_FAILED",
          `Revision ${definition.id} built operation "${op.kind}" after its ${direction}() had returned (a missing await?).`,
          { revision: definition.id, direction, operationKind: op.kind },
        );
      }
      sink.emit(op);
    },
    query: (sql, params) => sink.query(sql, params),
    ...(sink.backfill
      ? { backfill: (spec) => (sink.backfill as NonNullable<OpSink["backfill"]>)(spec) }
      : {}),
    ...(sink.lockRetry ? { lockRetry: (options) => sink.lockRetry?.(options) } : {}),
  };
  return {
    sink: guarded,
    close: () => {
      open = false;
    },
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
