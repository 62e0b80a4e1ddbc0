import { applyTransition, type Direction, type PlanStep } from "../plan/plan.js";
import { passThroughEventLoop } from "./event-loop-turn.js";
import { applyStepNow, type OnlineContext } from "./online-step.js";
import { applyStepWithRetries } from "./retry-step.js";
import type { ResolvedRunnerOptions } from "./runner-options.js";
import type { StepResult } from "./runner-result.js";
import { safeProgress } from "./session.js";

/** What the run's steps left: their results, the heads they imply, and why the loop stopped early. */
export interface StepsRun {
  readonly results: StepResult[];
  readonly heads: readonly string[];
  readonly failed: boolean;
  /** The step an interruption (Ctrl-C / SIGTERM) came before: nothing of it ran. */
  readonly interruptedBefore: string | undefined;
}

/**
 * Applies the plan's steps in order, one revision at a time (migrate.ts): after a failure or an
 * interruption the rest are `not_run`. A function of its own rather than a loop in the run's
 * closure: this loop is the run's hot code, and V8 optimised the whole closure for it (~25 ms of
 * its compiler's time at 1,000 revisions), then discarded that code when the loop ended and the
 * closure went on to code it had never run (docs/performance.md, twenty-fourth session).
 *
 * @example
 * ```ts
 * const { results, heads } = await runSteps(ctx, plan.steps, { direction: "upgrade", heads: [], ... });
 * ```
 */
export async function runSteps(
  ctx: OnlineContext,
  steps: readonly PlanStep[],
  loop: {
    readonly direction: Direction;
    /** The heads before the first step. */
    readonly heads: readonly string[];
    readonly options: Pick<ResolvedRunnerOptions, "onProgress">;
    readonly signal: AbortSignal | undefined;
    /** The engine runs in this process (SQLite, PGlite): a Ctrl-C is seen only between steps. */
    readonly clientBound: boolean;
    /** The partial revision `--resume` continues, and its statements done. */
    readonly resume: { readonly revision: string; readonly statementsDone: number } | undefined;
    /** Applied steps stay uncommitted until the run's end (a single transaction). */
    readonly uncommitted: boolean;
  },
): Promise<StepsRun> {
  const { direction, signal, options, resume } = loop;
  const total = steps.length;
  const results: StepResult[] = [];
  let heads = loop.heads;
  let failed = false;
  let interruptedBefore: string | undefined;
  for (const [index, step] of steps.entries()) {
    // lets a Ctrl-C that arrived during the last revision reach the signal; a server's session
    // waited for its reply in the event loop, where the signal was seen already
    if (!failed && index > 0 && loop.clientBound && signal !== undefined) await passThroughEventLoop();
    if (!failed && signal?.aborted === true) {
      failed = true;
      interruptedBefore = step.revision;
    }
    if (failed) {
      results.push({ revision: step.revision, direction, status: "not_run", durationMs: 0, statements: 0 });
      continue;
    }
    safeProgress(options, { type: "step-start", revision: step.revision, direction, index, total });
    const resumeAt =
      resume?.revision === step.revision ? { statementIndex: resume.statementsDone } : undefined;
    ctx.ahead?.running(index);
    // a synchronous driver's short step needs no await, unless its revision's function or a failure does
    const now = resumeAt === undefined ? applyStepNow(ctx, step) : undefined;
    const result =
      now === undefined
        ? await applyStepWithRetries(ctx, step, resumeAt, ctx.ahead?.take(index))
        : now instanceof Promise
          ? await now
          : now;
    results.push(result);
    const uncommitted = loop.uncommitted && result.status === "applied";
    safeProgress(options, {
      type: "step-end",
      result,
      index,
      total,
      ...(uncommitted ? { uncommitted: true } : {}),
    });
    if (result.status === "applied") heads = applyTransition(heads, step.transition);
    else failed = true;
  }
  return { results, heads, failed, interruptedBefore };
}
