import type { Direction, PlanStep } from "../plan/plan.js";
import { findTodoPlaceholders, refuseTodoPlaceholders } from "../revision/todo-placeholders.js";
import type { PreparedRun } from "./prepare-run.js";

/**
 * Before a plan runs online or is rendered offline: refuses it (ATHANOR_TODO_PLACEHOLDER, naming
 * file:line) when a step's function still holds an unfilled `TODO(athanor)` placeholder, so a
 * stub never writes NULLs. Loads the steps' modules, which running them needs anyway.
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
    const source = sources.get(step.revision) ?? { id: step.revision, file: undefined };
    found.push(
      ...findTodoPlaceholders(source, await run.revisions.definition(step.revision), step.direction),
    );
  }
  refuseTodoPlaceholders(found, direction);
}
