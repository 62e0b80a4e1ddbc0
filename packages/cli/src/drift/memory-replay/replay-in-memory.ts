import { type Operation, plan, recordOperations } from "@athanor/core";
import type { DatabaseRun } from "../../database/open-database-run.js";
import { applyOperations, type ReplayOutcome } from "./apply-operations.js";
import { replayKey, replayModelCache } from "./replay-model-cache.js";

// An unfilled autogenerate placeholder (core's todo-placeholders.ts): the replay on a server refuses it.
const PLACEHOLDER = /\/\*\s*TODO\(athanor\)/;

/**
 * The schema the revisions up to `heads` build, from their recorded operations and without a
 * server (see {@link applyOperations}), or `refused` saying why it cannot be had exactly: a
 * revision that asks the database (`op.query`), throws, holds a placeholder, or an operation
 * the replay does not model.
 *
 * @example
 * ```ts
 * const { model, refused } = await replayInMemory(run, ["ae10"], undefined);
 * ```
 */
export async function replayInMemory(
  run: DatabaseRun,
  heads: readonly string[],
  liveDatabase: string | undefined,
): Promise<ReplayOutcome> {
  const conventions = await run.module.replayConventions?.(liveDatabase);
  if (conventions === undefined) return { refused: `${run.module.name} is not modelled` };
  const context = run.migration;
  const { steps } = plan(context.graph, { current: [], target: heads, direction: "upgrade" });
  const dialect = context.options.dialect.name;
  const cache = replayModelCache(context.options.headerCache);
  const key = replayKey(
    [dialect, conventions.key, conventions.defaultSchema],
    steps.map((step) => [step.revision, context.revisions.checksum(step.revision)] as const),
  );
  const cached = cache?.read(key);
  if (cached !== undefined) return { model: cached };
  const ops: Operation[] = [];
  for (const step of steps) {
    const definition = await context.revisions.definition(step.revision);
    const fn = definition.upgrade as unknown;
    if (typeof fn === "function" && PLACEHOLDER.test(Function.prototype.toString.call(fn)))
      return { refused: `revision ${step.revision} holds a TODO(athanor) placeholder` };
    const recorded = await recordOperations(definition, dialect);
    if (recorded.failure !== undefined || recorded.queries.length > 0)
      return {
        refused: `revision ${step.revision} ${recorded.failure === undefined ? "asks the database" : "throws"}`,
      };
    ops.push(...recorded.operations);
  }
  const outcome = applyOperations(ops, conventions);
  if (outcome.model !== undefined) cache?.write(key, outcome.model);
  return outcome;
}
