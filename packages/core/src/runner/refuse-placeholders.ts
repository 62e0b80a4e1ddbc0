import type { Direction, PlanStep } from "../plan/plan.js";
import { findTodoPlaceholders, refuseTodoPlaceholders } from "../revision/todo-placeholders.js";
import type { PreparedRun } from "./prepare-run.js";

/**
 * Before a plan runs online or is rendered offline: refuses it (ATHANOR_TODO_PLACEHOLDER, naming
 * file:line) when a step's function still holds an unfilled `TODO(athanor)` placeholder, so a
 * stub never writes NULLs. Loads the steps' modules, which running them needs anyway (not those
 * the run's op cache already knows to be free of placeholders).
 *
 * @example
 * ```ts
 * await refusePlanPlaceholders(run, migrationPlan.steps, "upgrade");
 * ```
 */
export async function refusePlanPlaceholders(
  run: PreparedRun,
  steps: readonly PlanStep[],
  direction: Direction,
): Promise<void> {
  const sources = new Map(run.revisions.sources.map((s) => [s.id, s]));
  const found = [];
  for (const step of steps) {
    if (knownFreeOfPlaceholders(run, step.revision, step.direction)) continue;
    const source = sources.get(step.revision) ?? { id: step.revision, file: undefined };
    // a definition in hand (in-memory revisions, a module imported before) is read without an
    // await: 1,000 awaits of settled promises were most of this check's ~30 M instructions
    const definition =
      run.revisions.loaded?.(step.revision) ?? (await run.revisions.definition(step.revision));
    const placeholders = findTodoPlaceholders(source, definition, step.direction);
    if (placeholders.length > 0) found.push(...placeholders);
  }
  refuseTodoPlaceholders(found, direction);
}

/** Whether the run's op cache knows this step's function holds no placeholder (so no import is needed). */
function knownFreeOfPlaceholders(run: PreparedRun, revision: string, direction: Direction): boolean {
  const { opCache, dialect } = run.options;
  if (opCache === undefined) return false;
  const checksum = run.revisions.checksum(revision);
  return opCache.get({ revision, direction, dialect: dialect.name, checksum })?.placeholder === false;
}
