import { AthanorError, isAthanorError } from "../errors.js";
import type { Direction, PlanStep } from "../plan/plan.js";
import {
  findTodoPlaceholders,
  refuseTodoPlaceholders,
  textRulesOutPlaceholders,
} from "../revision/todo-placeholders.js";
import type { PreparedRun } from "./prepare-run.js";
import type { StepError } from "./runner-result.js";

/** How {@link refusePlanPlaceholders} may decide a step without importing its module. */
export interface PlaceholderCheckOptions {
  /**
   * Online runs: a step whose file's text rules placeholders out (`textRulesOutPlaceholders`)
   * is not imported here; the run loads it when its turn comes (behind the server's work on the
   * step before) and checks it again then, with {@link loadedStepRefusal}.
   */
  readonly deferWhereTextRulesOut?: boolean | undefined;
}

/**
 * Before a plan runs online or is rendered offline: refuses it (ATHANOR_TODO_PLACEHOLDER, naming
 * file:line) when a step's function still holds an unfilled `TODO(athanor)` placeholder, so a
 * stub never writes NULLs. Imports the steps' modules to look at their functions, except those the
 * run's op cache already knows to be free of placeholders and, with `deferWhereTextRulesOut`,
 * those whose file's text rules placeholders out. Returns the steps deferred that way.
 *
 * @example
 * ```ts
 * const deferred = await refusePlanPlaceholders(run, migrationPlan.steps, "downgrade", { deferWhereTextRulesOut: true });
 * ```
 */
export async function refusePlanPlaceholders(
  run: PreparedRun,
  steps: readonly PlanStep[],
  direction: Direction,
  options: PlaceholderCheckOptions = {},
): Promise<ReadonlySet<PlanStep>> {
  const sources = new Map(run.revisions.sources.map((s) => [s.id, s]));
  const found = [];
  const deferred = new Set<PlanStep>();
  for (const step of steps) {
    if (knownFreeOfPlaceholders(run, step.revision, step.direction)) continue;
    if (options.deferWhereTextRulesOut === true && textRulesOut(run, step.revision)) {
      deferred.add(step);
      continue;
    }
    const source = sources.get(step.revision) ?? { id: step.revision, file: undefined };
    found.push(
      ...findTodoPlaceholders(source, await run.revisions.definition(step.revision), step.direction),
    );
  }
  refuseTodoPlaceholders(found, direction);
  return deferred;
}

/**
 * A deferred step, once its turn comes: loads its module and checks its function as the plan
 * check would have. The text ruled a placeholder out, so a finding here means code outside the
 * file put one in (a function built from a string, a global another module set): the step is
 * refused before anything of it is sent. A module that fails to load is refused the same way.
 * Undefined when the step may run.
 *
 * @example
 * ```ts
 * const refused = await loadedStepRefusal(run, step);
 * if (refused !== undefined) results.push({ ...notRun, status: "failed", error: refused });
 * ```
 */
export async function loadedStepRefusal(run: PreparedRun, step: PlanStep): Promise<StepError | undefined> {
  try {
    const definition = await run.revisions.definition(step.revision);
    const source = run.graph.get(step.revision) ?? { id: step.revision, file: undefined };
    refuseTodoPlaceholders(
      findTodoPlaceholders(source, definition, step.direction),
      step.direction,
      `Nothing of ${step.revision} was run.`,
    );
    return undefined;
  } catch (error) {
    const e = isAthanorError(error)
      ? error
      : new AthanorError("ATHANOR_REVISION_LOAD_FAILED", String(error), { revision: step.revision });
    return { code: e.code, message: e.message, meta: e.meta };
  }
}

/** Whether the run's op cache knows this step's function holds no placeholder (so no import is needed). */
function knownFreeOfPlaceholders(run: PreparedRun, revision: string, direction: Direction): boolean {
  const { opCache, dialect } = run.options;
  if (opCache === undefined) return false;
  const checksum = run.revisions.checksum(revision);
  return opCache.get({ revision, direction, dialect: dialect.name, checksum })?.placeholder === false;
}

/** Whether the step's file, as the run will import it, proves its functions hold no placeholder. */
function textRulesOut(run: PreparedRun, revision: string): boolean {
  const text = run.revisions.verifiedText(revision);
  return text !== undefined && textRulesOutPlaceholders(text);
}
