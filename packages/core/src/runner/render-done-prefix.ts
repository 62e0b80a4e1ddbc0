import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import type { Operation } from "../ops/operation.js";
import type { RevisionDefinition } from "../revision/revision.js";
import { backfillPrint, queryPrint, reflectedPrint, StatementPrints } from "./statement-prints.js";
import { renderReflecting, runRevisionFunction, StepScript } from "./step-script.js";

/** The first statements of a revision as a resumed run would render them. */
export interface DonePrefix {
  readonly prints: StatementPrints;
  /**
   * False when the revision calls `op.query` before statement #n: nothing past it can be known
   * without running it (a resumed run refuses such a revision on its own).
   */
  readonly complete: boolean;
}

/** Thrown into the revision's code once enough is known: nothing after it is rendered. */
class StopRendering extends Error {}

/**
 * Renders statements #0 to #n-1 of a revision the way the online runner numbers and renders
 * them (onlineOpSink: the same waiting for reflections and batches), and sends nothing: a
 * backfill is not run, an `op.query` not sent, and rendering stops at statement #n. What a
 * resumed run would skip, to compare with what the partial run recorded. A dialect that reflects
 * the schema (SQLite) reads it as the resumed run would; what it renders from it counts by what it
 * does ({@link reflectedPrint}), not by its text, which the done statements have changed.
 *
 * @example
 * ```ts
 * const { prints } = await renderDonePrefix(conn, dialect, definition, "upgrade", 2);
 * prints.compare(parseRecordedPrints(recorded)); // undefined: the same two statements
 * ```
 */
export async function renderDonePrefix(
  conn: Connection,
  dialect: Dialect,
  definition: RevisionDefinition,
  direction: "upgrade" | "downgrade",
  n: number,
): Promise<DonePrefix> {
  const script = new StepScript(dialect);
  const prints = new StatementPrints();
  const waiting: Operation[] = [];
  const stop = new StopRendering("rendered enough");
  let stopped = false;
  let complete = true;
  const halt = (): never => {
    stopped = true;
    throw stop;
  };
  const enough = () => {
    if (stopped || script.opStatements >= n) halt();
  };
  // as the online sink prints them: a batch rendered from the live schema by what it does, since
  // the done statements changed the schema it reads now (a SQLite rebuild before a backfill)
  const render = (ops: readonly Operation[], reflected = false): void => {
    const from = script.statements.length;
    script.addBatch(ops);
    for (const [k, s] of script.statements.slice(from).entries())
      prints.add(s.opStatementIndex ?? 0, reflected ? reflectedPrint(ops, k) : s.sql);
  };
  const renderPending = () => renderReflecting(script, waiting, async () => dialect.reflect?.(conn), render);
  try {
    await runRevisionFunction(
      definition,
      direction,
      {
        emit(op) {
          enough();
          if (waiting.length > 0 || script.needsReflection(op) || dialect.batchKey?.(op) !== undefined)
            waiting.push(op);
          else render([op]);
        },
        async query(sql) {
          enough();
          await renderPending();
          enough();
          const index = script.reserve();
          prints.add(index, queryPrint(sql));
          complete = index + 1 >= n;
          return halt();
        },
        async backfill(spec) {
          enough();
          await renderPending();
          enough();
          const index = script.reserve();
          prints.add(index, backfillPrint(index, spec));
          return undefined;
        },
        lockRetry() {},
      },
      dialect.name,
    );
    enough();
    await renderPending();
  } catch (error) {
    // the revision's own code may catch the stop; `stopped` says it happened all the same
    if (!(error instanceof StopRendering) && !stopped) throw error;
  }
  return { prints, complete };
}
